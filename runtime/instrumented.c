/* instrumented.c — the runtime half of include/ffisan_rt.h: module start-up
 * (maps the shadow, adopts blocks made before), the slow paths of the
 * inline checks, range checks, fake-stack objects and global registration.
 * Boundary hooks live in boundary.c. */
#include "alloc.h"
#include "errors.h"
#include "globals.h"
#include "init.h"
#include "shadow.h"

#define RET ((uintptr_t)__builtin_return_address(0))

FFS_INTERFACE void __ffisan_version_1(void) {}

FFS_INTERFACE void __ffisan_init(void) {
  ffs_ensure_init();
  static ffs_spinlock once = FFS_SPINLOCK_INIT;
  if (__atomic_load_n(&ffs_shadow_on, __ATOMIC_ACQUIRE)) return;
  ffs_spin_lock(&once);
  if (!ffs_shadow_on && ffs_shadow_init()) ffs_for_each_chunk_in_use(ffs_shadow_adopt_chunk, NULL);
  ffs_spin_unlock(&once);
}

#define REPORT(kind, size, write)                                                       \
  FFS_INTERFACE void __ffisan_report_##kind##size(uintptr_t addr) {                     \
    ffs_error_shadow_access(addr, size, write);                                         \
  }
REPORT(load, 1, false)
REPORT(load, 2, false)
REPORT(load, 4, false)
REPORT(load, 8, false)
REPORT(load, 16, false)
REPORT(store, 1, true)
REPORT(store, 2, true)
REPORT(store, 4, true)
REPORT(store, 8, true)
REPORT(store, 16, true)

FFS_INTERFACE void __ffisan_check_range(uintptr_t addr, size_t size, int is_write) {
  if (size && ffs_shadow_first_bad(addr, size)) ffs_error_shadow_access(addr, size, is_write);
}

FFS_INTERFACE void *__ffisan_stack_alloc(size_t size, size_t align) {
  return ffs_allocate_stack_object(size, align, RET);
}

FFS_INTERFACE void __ffisan_stack_free(void *p, size_t size) { ffs_release_stack_object(p, RET); }

FFS_INTERFACE void __ffisan_register_globals(struct __ffisan_global *g, size_t n) {
  __ffisan_init();
  ffs_globals_register(g, n);
}

FFS_INTERFACE void __ffisan_unregister_globals(struct __ffisan_global *g, size_t n) {
  ffs_globals_unregister(g, n);
}
