// Clean twin of dl_cdylib_free: the buffer goes back to the Rust library,
// which is then unloaded; later C allocations must stay silent.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  void *h = dlopen("./librs.so", RTLD_NOW);
  if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 3; }
  unsigned char *(*make)(size_t) = (unsigned char *(*)(size_t))dlsym(h, "rs_make_buffer");
  void (*give_back)(unsigned char *, size_t) =
      (void (*)(unsigned char *, size_t))dlsym(h, "rs_free_buffer");
  int sum = 0;
  for (int i = 0; i < 1000; i++) {
    unsigned char *p = make(24 + i % 50);
    sum += p[0];
    give_back(p, 24 + i % 50);
  }
  dlclose(h);
  for (int i = 0; i < 1000; i++) free(malloc(16 + i));
  fprintf(stderr, "done %d\n", sum);
  return 0;
}
