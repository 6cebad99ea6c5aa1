/* A C lookup table of n bytes, made and released by C. */
#include <stdlib.h>

unsigned char *c_table_new(size_t n) {
  unsigned char *t = malloc(n);
  for (size_t i = 0; i < n; i++) t[i] = (unsigned char)i;
  return t;
}

void c_table_free(unsigned char *t) { free(t); }
