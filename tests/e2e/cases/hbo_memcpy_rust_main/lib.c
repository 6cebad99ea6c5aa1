#include <string.h>

/* Copies n bytes into dst -- trusting the caller's n. */
__attribute__((noipa)) void c_fill(void *dst, const void *src, size_t n) {
  memcpy(dst, src, n); /* line:memcpy */
  __asm__ volatile("" ::: "memory");
}
