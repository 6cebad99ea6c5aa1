/* Fills n bytes of a caller's buffer with a test pattern. */
#include <stddef.h>

void c_fill_pattern(unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(0xa0 + i);
}
