/* modules.c — loader interceptors. dlopen/dlclose: a library loaded at run
 * time gets its Rust allocator hooked and becomes visible to the
 * symbolizer; after an unload, call-site verdicts about its (now free)
 * addresses are forgotten. dl_iterate_phdr: marks the thread while the
 * loader's lock is held, so that allocations made inside a callback (the
 * program's, libdw's) never call libunwind, which takes its own lock and
 * then the loader's: that order inversion deadlocked threads. */
#include "callsite.h"
#include "modules.h"
#include "rust_alloc.h"
#include "symbolize.h"

#include <dlfcn.h>
#include <link.h>

typedef int (*iterate_cb)(struct dl_phdr_info *, size_t, void *);
typedef int (*iterate_fn)(iterate_cb, void *);

static iterate_fn real_iterate;
static FFS_TLS int iterating;

/* Called once at start-up, right after the heap is up (dlsym may allocate). */
void ffs_modules_init(void) { real_iterate = (iterate_fn)dlsym(RTLD_NEXT, "dl_iterate_phdr"); }

bool ffs_holding_loader_lock(void) { return iterating > 0; }

FFS_INTERFACE int dl_iterate_phdr(iterate_cb cb, void *data) {
  if (!real_iterate) return 0; /* only before start-up, when nothing is loaded late */
  iterating++;
  int rc = real_iterate(cb, data);
  iterating--;
  return rc;
}

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
