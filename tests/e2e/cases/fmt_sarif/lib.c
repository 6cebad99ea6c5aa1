#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__((noipa)) void c_release_buffer(void *p) {
  free(p); /* line:free */
  sink++;
}

/* "with \"quotes\"\t\\": the report text must be escaped in JSON. */
__attribute__((noipa)) char *c_make_name(void) {
  char *p = strdup("with \"quotes\"\t\\"); /* line:strdup */
  sink++;
  return p;
}

__attribute__((noipa)) void c_free_name(char *p) {
  free(p); /* line:free_name */
  sink++;
}
