/* Clean twin of inst_sae_ret_c_main: slots live in a static table. */
#include <stdio.h>

int *rs_slot(const char *name);

static int slots[256];

int *c_slot_for(unsigned key) {
  slots[key & 0xff] = (int)(key & 0xff);
  return &slots[key & 0xff];
}

int main(void) {
  int *s = rs_slot("alpha");
  int v = *s;
  fprintf(stderr, "done: %d\n", v >= 0 && v < 256);
  return 0;
}
