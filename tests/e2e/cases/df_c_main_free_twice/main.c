/* C frees a block Rust handed over -- twice: double-free. */
#include <stdio.h>
#include <stdlib.h>

void *rs_make_block(size_t n);

static volatile int sink;

__attribute__((noipa)) void release(void *p) {
  free(p); /* line:free */
  sink++;
}

int main(void) {
  void *p = rs_make_block(40); /* line:make */
  release(p); /* line:first */
  fputs("first release done\n", stderr);
  release(p); /* line:second */
  fputs("done\n", stderr);
  return 0;
}
