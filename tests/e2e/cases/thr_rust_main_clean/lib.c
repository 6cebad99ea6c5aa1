#include <stdlib.h>
#include <string.h>

/* Implemented in Rust: releases a Rust buffer. */
extern void rs_free_buf(unsigned char *p, size_t n);

void *c_alloc(size_t n) {
  unsigned char *p = malloc(n);
  p[0] = (unsigned char)n;
  p[n - 1] = 1;
  return p;
}

void c_free(void *p) { free(p); }

/* Takes a Rust buffer, reads it, and hands it back to Rust for release. */
size_t c_take_rust_buf(unsigned char *p, size_t n) {
  size_t s = p[0] + p[n - 1];
  rs_free_buf(p, n);
  return s;
}

/* Duplicates a Rust-owned string in C; the caller frees it with c_free. */
char *c_dup(const char *s) { return strdup(s); }
