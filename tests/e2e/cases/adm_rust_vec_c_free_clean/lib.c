#include <stdlib.h>
#include <string.h>

static volatile int sink;

/* Implemented in Rust: releases a buffer made by Rust. */
extern void rs_free_buffer(unsigned char *p, size_t n);

/* Takes a Rust buffer and gives it back to Rust for release. */
__attribute__((noipa)) void c_consume_rust_buffer(unsigned char *p, size_t n) {
  p[0] = 1;
  rs_free_buffer(p, n);
  sink++;
}

__attribute__((noipa)) void *c_make_buffer(size_t n) {
  void *p = malloc(n);
  memset(p, 3, n);
  sink++;
  return p;
}

__attribute__((noipa)) void c_release_buffer(void *p) {
  free(p);
  sink++;
}
