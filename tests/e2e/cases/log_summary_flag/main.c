// A double free in plain C, run with a suppressions file that cannot be
// read: one error line, no suppressions, the report as usual.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void release(char *p) {
  free(p); // line:free
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  char *p = malloc(16);
  release(p);
  release(p);
  fputs("done\n", stderr);
  return 0;
}
