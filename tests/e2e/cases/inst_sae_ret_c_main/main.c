/* c_slot_for() returns the address of its own local; the pointer goes to
 * Rust and back, and C reads it after the frame is gone:
 * stack-address-escape by a plain C load. */
#include <stdio.h>

int *rs_slot(const char *name);

int *c_slot_for(unsigned key) {
  int slot = (int)(key & 0xff); /* line:local */
  return &slot;                 /* line:ret */
}

int main(void) {
  int *s = rs_slot("alpha"); /* line:call */
  int v = *s;                /* line:use */
  fprintf(stderr, "done: %d\n", v);
  return 0;
}
