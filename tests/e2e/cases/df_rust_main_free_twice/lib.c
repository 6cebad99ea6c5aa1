#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__((noipa)) void *c_make_block(size_t n) {
  void *p = malloc(n); /* line:malloc */
  memset(p, 1, n);
  sink++;
  return p;
}
