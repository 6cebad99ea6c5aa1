// A C program built by plain clang-22 (no .debug_aranges, unlike gcc):
// frames must still carry file:line.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void release(char *p) {
  free(p); // line:free
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  char *p = malloc(8); // line:alloc
  release(p);
  release(p); // line:again
  fputs("not reached\n", stderr);
  return 0;
}
