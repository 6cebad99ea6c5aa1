/* A malloc'd struct handed to Rust, which drops it as a Box:
   alloc-dealloc-mismatch (malloc vs Rust dealloc). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct pair { uint64_t a, b; };
uint64_t rs_take_pair(struct pair *p);

__attribute__((noipa)) struct pair *make_pair(void) {
  struct pair *p = malloc(sizeof *p); /* line:malloc */
  p->a = 1;
  p->b = 2;
  return p;
}

int main(void) {
  struct pair *p = make_pair(); /* line:make */
  uint64_t s = rs_take_pair(p); /* line:call */
  fprintf(stderr, "done %llu\n", (unsigned long long)s);
  return 0;
}
