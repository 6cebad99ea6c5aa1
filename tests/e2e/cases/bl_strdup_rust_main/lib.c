#include <stdlib.h>
#include <string.h>

static volatile int sink;

/* Returns a new string; the caller owns it and must call c_free_label. */
__attribute__((noipa)) char *c_make_label(void) {
  char *p = strdup("boundary-label"); /* line:strdup */
  sink++;
  return p;
}

__attribute__((noipa)) void c_free_label(char *p) {
  free(p);
  sink++;
}
