#include <stdlib.h>

static volatile int sink;

__attribute__((noipa)) void c_release_buffer(void *p) {
  free(p); /* line:free */
  sink++;
}
