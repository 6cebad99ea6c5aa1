#include <stdlib.h>
#include <string.h>

static volatile int sink;

/* Two C functions returning new strings that Rust forgets: two leak groups. */
__attribute__((noipa)) char *c_make_label_a(void) {
  char *p = strdup("label-a"); /* line:a */
  sink++;
  return p;
}

__attribute__((noipa)) char *c_make_label_b(void) {
  char *p = strdup("the-label-b"); /* line:b */
  sink++;
  return p;
}
