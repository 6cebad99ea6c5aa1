/* C gives Rust ownership of a global array: invalid-free (global address). */
#include <stdio.h>

void rs_release(void *p);

char g_table[128] = "not a heap block";

int main(void) {
  rs_release(g_table + 32); /* line:call */
  fputs("done\n", stderr);
  return 0;
}
