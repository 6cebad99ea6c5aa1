// The C program loads a Rust library at run time and hands it a malloc'd
// buffer, which the library releases through the Rust allocator.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  void *h = dlopen("./librs.so", RTLD_NOW);
  if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 3; }
  void (*take)(unsigned char *, size_t) = (void (*)(unsigned char *, size_t))dlsym(h, "rs_take_buffer");
  unsigned char *p = malloc(24);
  take(p, 24); // line:call
  fputs("done\n", stderr);
  return 0;
}
