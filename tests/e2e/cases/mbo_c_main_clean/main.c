/* Clean twin of mbo_memcpy_c_main / mbo_strcpy_c_main. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rs_shift(unsigned char *buf, size_t k, size_t n);
void rs_copy(unsigned char *dst, const unsigned char *src, size_t n);

int main(void) {
  unsigned char *p = malloc(64);
  unsigned char *q = malloc(64);
  for (int i = 0; i < 64; i++) p[i] = (unsigned char)i;
  rs_shift(p, 8, 32);
  rs_copy(q, p, 64);
  rs_copy(q + 32, q, 32);
  char s[32] = "hello";
  strcpy(s + 16, s);
  fprintf(stderr, "done %d %d %s\n", p[8], q[40], s + 16);
  free(p);
  free(q);
  return 0;
}
