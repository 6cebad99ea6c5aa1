#include <stdlib.h>
#include <string.h>

static void *stash;
static volatile int sink;

__attribute__((noipa)) void c_stash(void *p) { stash = p; }

/* Hands the stashed pointer back exactly once. */
__attribute__((noipa)) void *c_take(void) {
  void *p = stash;
  stash = 0;
  return p;
}

__attribute__((noipa)) void *c_make_block(size_t n) {
  void *p = malloc(n);
  memset(p, 1, n);
  sink++;
  return p;
}
