#include <string.h>

/* Shifts the first n bytes of buf right by k -- with memcpy, which must not
   be used on overlapping regions. */
__attribute__((noipa)) void c_shift(unsigned char *buf, size_t k, size_t n) {
  memcpy(buf + k, buf, n); /* line:memcpy */
  __asm__ volatile("" ::: "memory");
}
