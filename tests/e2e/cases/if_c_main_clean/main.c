/* Clean twin of the if_*_c_main cases. */
#include <stdio.h>
#include <stdlib.h>

unsigned char *rs_make_buffer(size_t n);
void rs_free_buffer(unsigned char *p, size_t n);
void rs_release(void *p);

char g_table[128] = "not a heap block";

int main(void) {
  unsigned char *p = rs_make_buffer(32);
  unsigned char *payload = p + 8;
  payload[0] = (unsigned char)g_table[0];
  rs_free_buffer(p, 32);
  void *q = malloc(64);
  rs_release(q);
  fputs("done\n", stderr);
  return 0;
}
