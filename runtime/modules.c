/* modules.c — dlopen/dlclose interceptors: a library loaded at run time gets
 * its Rust allocator hooked and becomes visible to the symbolizer; after an
 * unload, call-site verdicts about its (now free) addresses are forgotten. */
#include "callsite.h"
#include "rust_alloc.h"
#include "symbolize.h"

#include <dlfcn.h>

typedef void *(*dlopen_fn)(const char *, int);
typedef int (*dlclose_fn)(void *);

FFS_INTERFACE void *dlopen(const char *file, int mode) {
  static dlopen_fn real;
  if (!real) real = (dlopen_fn)dlsym(RTLD_NEXT, "dlopen");
  void *h = real ? real(file, mode) : NULL;
  if (h) {
    ffs_rust_alloc_hook_modules();
    ffs_symbolizer_invalidate();
  }
  return h;
}

FFS_INTERFACE int dlclose(void *handle) {
  static dlclose_fn real;
  if (!real) real = (dlclose_fn)dlsym(RTLD_NEXT, "dlclose");
  int rc = real ? real(handle) : -1;
  ffs_callsite_forget_modules();
  ffs_symbolizer_invalidate();
  return rc;
}
