/* cside.c — the C half of the mixed Rust/C test program. */
#include <stddef.h>

unsigned c_fill(unsigned char *p, size_t n) {
  unsigned s = 0;
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)i, s += p[i];
  return s;
}
