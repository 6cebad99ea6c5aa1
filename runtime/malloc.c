/* malloc.c — the interposed allocator entry points: the whole C malloc API
 * and every form of C++ operator new/delete (plain, array, sized, aligned,
 * nothrow), written in C under their Itanium names. Each passes its caller's
 * return address so Rust's allocator shims can be told from C callers. */
#include "alloc.h"
#include "common.h"

#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

#define RET ((uintptr_t)__builtin_return_address(0))
#define MIN_ALIGN 16

static bool power_of_two(size_t a) { return a && !(a & (a - 1)); }

FFS_INTERFACE void *malloc(size_t n) { return ffs_allocate(n, MIN_ALIGN, FFS_FAM_MALLOC, false, false, RET); }
FFS_INTERFACE void free(void *p) { ffs_release(p, FFS_REL_FREE, RET); }
FFS_INTERFACE void cfree(void *p) { ffs_release(p, FFS_REL_FREE, RET); }
FFS_INTERFACE void *realloc(void *p, size_t n) {
  return ffs_reallocate(p, n, MIN_ALIGN, FFS_REL_REALLOC, RET);
}

FFS_INTERFACE void *calloc(size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return ffs_allocate(total, MIN_ALIGN, FFS_FAM_MALLOC, false, true, RET);
}

FFS_INTERFACE void *reallocarray(void *p, size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return ffs_reallocate(p, total, MIN_ALIGN, FFS_REL_REALLOC, RET);
}

FFS_INTERFACE int posix_memalign(void **out, size_t align, size_t n) {
  if (!power_of_two(align) || align % sizeof(void *)) return EINVAL;
  int saved = errno;
  void *p = ffs_allocate(n, align, FFS_FAM_MALLOC, true, false, RET);
  errno = saved;
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

FFS_INTERFACE void *aligned_alloc(size_t align, size_t n) {
  if (!power_of_two(align)) {
    errno = EINVAL;
    return NULL;
  }
  return ffs_allocate(n, align, FFS_FAM_MALLOC, true, false, RET);
}

FFS_INTERFACE void *memalign(size_t align, size_t n) {
  if (!align) align = 1;
  if (align > ((size_t)1 << 63)) { /* no power of two above it: glibc fails too */
    errno = EINVAL;
    return NULL;
  }
  while (!power_of_two(align)) align = (align & (align - 1)) << 1; /* round up like glibc */
  return ffs_allocate(n, align, FFS_FAM_MALLOC, true, false, RET);
}

FFS_INTERFACE void *valloc(size_t n) {
  return ffs_allocate(n, ffs_page_size(), FFS_FAM_MALLOC, true, false, RET);
}

FFS_INTERFACE void *pvalloc(size_t n) {
  size_t page = ffs_page_size();
  size_t rounded = (n + page - 1) & ~(page - 1);
  if (rounded < n) {
    errno = ENOMEM;
    return NULL;
  }
  return ffs_allocate(rounded ? rounded : page, page, FFS_FAM_MALLOC, true, false, RET);
}

FFS_INTERFACE size_t malloc_usable_size(void *p) { return ffs_usable_size(p); }

/* glibc malloc tuning entry points: accepted, no effect. */
FFS_INTERFACE int mallopt(int param, int value) { return 1; }
FFS_INTERFACE int malloc_trim(size_t pad) { return 0; }
FFS_INTERFACE struct mallinfo mallinfo(void) { struct mallinfo m = {0}; return m; }
FFS_INTERFACE struct mallinfo2 mallinfo2(void) { struct mallinfo2 m = {0}; return m; }
FFS_INTERFACE void malloc_stats(void) {}

/* ---- C++ operator new / delete ---- */

typedef struct { int unused; } nothrow_t;
typedef void (*new_handler)(void);

/* operator new failed: call the installed new_handler or throw bad_alloc. */
static bool new_retry(void) {
  new_handler (*get)(void) = (new_handler(*)(void))dlsym(RTLD_DEFAULT, "_ZSt15get_new_handlerv");
  new_handler h = get ? get() : NULL;
  if (h) {
    h();
    return true;
  }
  void (*throw_bad_alloc)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "_ZSt17__throw_bad_allocv");
  if (throw_bad_alloc) throw_bad_alloc();
  ffs_warn("ERROR: operator new: out of memory and no std::bad_alloc available");
  abort();
}

static void *new_impl(size_t n, size_t align, int family, bool nothrow, uintptr_t ret) {
  for (;;) {
    void *p = ffs_allocate(n, align, family, align > MIN_ALIGN, false, ret);
    if (p || nothrow) return p;
    new_retry();
  }
}

#define NEW(name, family, params, size, align, nothrow)                                  \
  FFS_INTERFACE void *name params { return new_impl(size, align, family, nothrow, RET); }
NEW(_Znwm, FFS_FAM_NEW, (size_t n), n, MIN_ALIGN, false)
NEW(_Znam, FFS_FAM_NEW_ARRAY, (size_t n), n, MIN_ALIGN, false)
NEW(_ZnwmRKSt9nothrow_t, FFS_FAM_NEW, (size_t n, const nothrow_t *t), n, MIN_ALIGN, true)
NEW(_ZnamRKSt9nothrow_t, FFS_FAM_NEW_ARRAY, (size_t n, const nothrow_t *t), n, MIN_ALIGN, true)
NEW(_ZnwmSt11align_val_t, FFS_FAM_NEW, (size_t n, size_t a), n, a, false)
NEW(_ZnamSt11align_val_t, FFS_FAM_NEW_ARRAY, (size_t n, size_t a), n, a, false)
NEW(_ZnwmSt11align_val_tRKSt9nothrow_t, FFS_FAM_NEW, (size_t n, size_t a, const nothrow_t *t), n, a, true)
NEW(_ZnamSt11align_val_tRKSt9nothrow_t, FFS_FAM_NEW_ARRAY, (size_t n, size_t a, const nothrow_t *t), n, a, true)

#define DELETE(name, how, params) \
  FFS_INTERFACE void name params { ffs_release(p, how, RET); }
DELETE(_ZdlPv, FFS_REL_DELETE, (void *p))
DELETE(_ZdaPv, FFS_REL_DELETE_ARRAY, (void *p))
DELETE(_ZdlPvm, FFS_REL_DELETE, (void *p, size_t n))
DELETE(_ZdaPvm, FFS_REL_DELETE_ARRAY, (void *p, size_t n))
DELETE(_ZdlPvRKSt9nothrow_t, FFS_REL_DELETE, (void *p, const nothrow_t *t))
DELETE(_ZdaPvRKSt9nothrow_t, FFS_REL_DELETE_ARRAY, (void *p, const nothrow_t *t))
DELETE(_ZdlPvSt11align_val_t, FFS_REL_DELETE, (void *p, size_t a))
DELETE(_ZdaPvSt11align_val_t, FFS_REL_DELETE_ARRAY, (void *p, size_t a))
DELETE(_ZdlPvmSt11align_val_t, FFS_REL_DELETE, (void *p, size_t n, size_t a))
DELETE(_ZdaPvmSt11align_val_t, FFS_REL_DELETE_ARRAY, (void *p, size_t n, size_t a))
DELETE(_ZdlPvSt11align_val_tRKSt9nothrow_t, FFS_REL_DELETE, (void *p, size_t a, const nothrow_t *t))
DELETE(_ZdaPvSt11align_val_tRKSt9nothrow_t, FFS_REL_DELETE_ARRAY, (void *p, size_t a, const nothrow_t *t))
