#include <string.h>

/* Overlapping shift done right: memmove. */
__attribute__((noipa)) void c_shift(unsigned char *buf, size_t k, size_t n) {
  memmove(buf + k, buf, n);
  __asm__ volatile("" ::: "memory");
}

/* Non-overlapping copies between two buffers. */
__attribute__((noipa)) void c_copy(unsigned char *dst, const unsigned char *src, size_t n) {
  memcpy(dst, src, n);
  __asm__ volatile("" ::: "memory");
}

__attribute__((noipa)) void c_copy_str(char *dst, const char *src) {
  strcpy(dst, src);
  __asm__ volatile("" ::: "memory");
}
