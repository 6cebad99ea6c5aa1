#include <stdlib.h>

static volatile int sink;

/* Releases a buffer it was handed with free() -- but the buffer came from
   the Rust global allocator. */
__attribute__((noipa)) void c_release_buffer(void *p) {
  free(p); /* line:free */
  sink++;
}
