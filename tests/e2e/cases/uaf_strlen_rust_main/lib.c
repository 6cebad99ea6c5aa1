#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__((noipa)) char *c_make_name(void) {
  char *p = strdup("boundary-name"); /* line:strdup */
  sink++;
  return p;
}

__attribute__((noipa)) void c_free_name(char *p) {
  free(p); /* line:free */
  sink++;
}
