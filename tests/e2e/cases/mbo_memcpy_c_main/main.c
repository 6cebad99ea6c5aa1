/* Rust memcpy()s a C buffer onto itself with overlap: mut-borrow-overlap. */
#include <stdio.h>
#include <stdlib.h>

void rs_shift(unsigned char *buf, size_t k, size_t n);

int main(void) {
  unsigned char *p = malloc(64);
  for (int i = 0; i < 64; i++) p[i] = (unsigned char)i;
  rs_shift(p, 8, 32); /* line:call */
  fprintf(stderr, "done %d\n", p[8]);
  free(p);
  return 0;
}
