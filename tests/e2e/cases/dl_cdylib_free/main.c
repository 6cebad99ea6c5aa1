// The C program loads a Rust library at run time and releases a
// Rust-allocated buffer with C free: alloc-dealloc-mismatch.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void release(unsigned char *p) {
  free(p); // line:free
  __asm__ volatile("" ::: "memory"); /* keep this frame: no tail call */
}

int main(void) {
  void *h = dlopen("./librs.so", RTLD_NOW);
  if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 3; }
  unsigned char *(*make)(size_t) = (unsigned char *(*)(size_t))dlsym(h, "rs_make_buffer");
  unsigned char *p = make(24);
  fprintf(stderr, "first %d\n", p[0]);
  release(p);
  fputs("done\n", stderr);
  return 0;
}
