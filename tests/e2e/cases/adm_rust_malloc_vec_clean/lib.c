#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__((noipa)) void *c_make_buffer(size_t n) {
  void *p = malloc(n);
  memset(p, 3, n);
  sink++;
  return p;
}

__attribute__((noipa)) void c_free_buffer(void *p) {
  free(p);
  sink++;
}
