/* C memcpy()s 24 bytes into a 16-byte buffer it got from Rust:
   heap-buffer-overflow. */
#include <stdio.h>
#include <string.h>

unsigned char *rs_make_buffer(size_t n);

__attribute__((noipa)) void fill(unsigned char *dst, const char *src, size_t n) {
  memcpy(dst, src, n); /* line:memcpy */
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  unsigned char *p = rs_make_buffer(16); /* line:make */
  fill(p, "0123456789abcdefghijklmnopqrstuvwxyz", 24); /* line:call */
  fputs("done\n", stderr);
  return 0;
}
