#include <stdlib.h>

static volatile int sink;

extern void rs_free_buf(unsigned char *p, size_t n);

/* Correct: hands a Rust buffer back to Rust. */
void c_give_back(unsigned char *p, size_t n) {
  rs_free_buf(p, n);
  sink++;
}

/* Wrong: releases a Rust buffer with free(). */
__attribute__((noipa)) void c_release_buffer(void *p) {
  free(p); /* line:free */
  sink++;
}
