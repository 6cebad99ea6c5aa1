// With halt_on_error=0: the same double free five times at one site (the
// free in release), then once at another site (release_other).
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void release(char *p) {
  free(p); // line:free
  __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void release_other(char *p) {
  free(p); // line:other
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  for (int i = 0; i < 5; i++) {
    char *p = malloc(16);
    release(p);
    release(p);
  }
  char *q = malloc(16);
  release_other(q);
  release_other(q);
  fputs("done\n", stderr);
  return 0;
}
