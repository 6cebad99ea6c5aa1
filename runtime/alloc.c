/* alloc.c — checked allocation and release (see alloc.h). The hot path is:
 * classify the call site (cached), capture the stack (depot), take a chunk
 * from the thread cache, fill its record. No lock, no symbolization. */
#include "alloc.h"
#include "callsite.h"
#include "errors.h"
#include "report.h"
#include "init.h"
#include "depot.h"
#include "quarantine.h"
#include "shadow.h"
#include "threads.h"
#include "unwind.h"

#include <errno.h>

int ffs_family_of_release(int how) {
  switch (how) {
  case FFS_REL_DELETE: return FFS_FAM_NEW;
  case FFS_REL_DELETE_ARRAY: return FFS_FAM_NEW_ARRAY;
  case FFS_REL_RUST_DEALLOC: case FFS_REL_RUST_REALLOC: return FFS_FAM_RUST;
  default: return FFS_FAM_MALLOC;
  }
}

const char *ffs_family_name(int family) {
  switch (family) {
  case FFS_FAM_NEW: return "operator new";
  case FFS_FAM_NEW_ARRAY: return "operator new []";
  case FFS_FAM_RUST: return "Rust global allocator";
  case FFS_FAM_STACK: return "stack object";
  default: return "malloc";
  }
}

const char *ffs_release_name(int how) {
  switch (how) {
  case FFS_REL_DELETE: return "operator delete";
  case FFS_REL_DELETE_ARRAY: return "operator delete []";
  case FFS_REL_RUST_DEALLOC: return "Rust dealloc";
  case FFS_REL_REALLOC: return "realloc";
  case FFS_REL_RUST_REALLOC: return "Rust realloc";
  default: return "free";
  }
}

/* Depth of allocator calls on this thread: > 1 means re-entered. A signal
 * handler that interrupted an allocator call is `nested`: it must never wait
 * for a lock the interrupted code may hold. The runtime's own allocations
 * (reports, symbolizer) also come at depth 2, but from a safe point (a
 * report starts before the outer call changes any state): they may wait. */
static FFS_TLS int depth;

static inline bool nested_call(void) { return depth > 1 && !ffs_in_runtime; }

/* Shadow of a block handed out: the block addressable, the alignment pad
 * before it and the slack after it poisoned with `redzone`. */
static void shadow_live(ffs_chunk *m, uintptr_t begin, uint8_t redzone) {
  if (!ffs_shadow_on) return;
  ffs_shadow_poison(begin - m->user_offset, m->user_offset, redzone);
  ffs_shadow_unpoison(begin, m->size);
  uintptr_t tail = (begin + m->size + 7) & ~(uintptr_t)7, end = begin + ffs_chunk_usable(m);
  if (end > tail) ffs_shadow_poison(tail, end - tail, redzone);
}

static void shadow_released(ffs_chunk *m, uint8_t value) {
  if (ffs_shadow_on) ffs_shadow_poison(ffs_chunk_begin(m), m->size ? m->size : 1, value);
}

void ffs_shadow_adopt_chunk(ffs_chunk *m, uintptr_t begin, void *arg) {
  if (m->state == FFS_CHUNK_LIVE)
    shadow_live(m, begin, m->family == FFS_FAM_STACK ? FFISAN_POISON_STACK_REDZONE
                                                     : FFISAN_POISON_HEAP_REDZONE);
  else
    shadow_released(m, FFISAN_POISON_HEAP_FREED);
}

/* malloc-family calls made through Rust's allocator shims are Rust's; ld.so's
 * and the runtime's own blocks are internal. Other entry points (Rust's
 * hooked allocator, operator new) name their family and need no lookup. */
static int site_flags(uintptr_t ret, int *family, bool nested) {
  if (*family != FFS_FAM_MALLOC) return ffs_in_runtime ? FFS_CF_INTERNAL : 0;
  int site = ffs_classify_callsite(ret, nested);
  if (site == FFS_SITE_RUST) *family = FFS_FAM_RUST;
  return site == FFS_SITE_LOADER || ffs_in_runtime ? FFS_CF_INTERNAL : 0;
}

static void *allocate(size_t size, size_t align, int family, bool aligned, bool zero,
                      uintptr_t ret, ffs_chunk **mo) {
  ffs_ensure_init();
  bool nested = nested_call();
  int flags = site_flags(ret, &family, nested);
  ffs_chunk *m;
  void *p = ffs_alloc_chunk(size, align, nested, &m);
  if (!p) {
    errno = ENOMEM;
    return NULL;
  }
  m->family = (uint8_t)family;
  m->flags = (uint8_t)(flags | (aligned ? FFS_CF_ALIGNED : 0));
  m->free_kind = 0;
  m->alloc_tid = ffs_current_tid();
  m->alloc_stack = ffs_stack_here(nested ? 0 : ret);
  m->free_stack = 0;
  if (zero) ffs_memset(p, 0, size);
  shadow_live(m, (uintptr_t)p, FFISAN_POISON_HEAP_REDZONE);
  *mo = m;
  return p;
}

void *ffs_allocate(size_t size, size_t align, int family, bool aligned, bool zero,
                   uintptr_t ret) {
  ffs_chunk *m;
  depth++;
  void *p = allocate(size, align, family, aligned, zero, ret, &m);
  depth--;
  return p;
}

/* Checks a release; returns the chunk to quarantine or NULL (reported). */
static ffs_chunk *check_release(void *p, int how, uintptr_t *begin) {
  ffs_chunk *m = ffs_find_chunk((uintptr_t)p, begin);
  if (!m || (m->state == FFS_CHUNK_AVAILABLE && *begin != (uintptr_t)p)) {
    ffs_error_invalid_free(p, NULL, how);
    return NULL;
  }
  if (*begin != (uintptr_t)p || m->family == FFS_FAM_STACK) { /* a local is no heap block */
    ffs_error_invalid_free(p, m, how);
    return NULL;
  }
  if (m->state != FFS_CHUNK_LIVE) {
    ffs_error_double_free(p, m, how);
    return NULL;
  }
  if (m->family != ffs_family_of_release(how) && !(m->flags & FFS_CF_INTERNAL)) {
    ffs_error_mismatch(p, m, how);
    return NULL;
  }
  return m;
}

static void retire(ffs_chunk *m, int how, uintptr_t ret) {
  bool nested = nested_call();
  m->free_kind = (uint8_t)how;
  m->free_tid = ffs_current_tid();
  m->free_stack = ffs_stack_here(nested ? 0 : ret);
  __atomic_store_n(&m->state, FFS_CHUNK_QUARANTINED, __ATOMIC_RELEASE);
  shadow_released(m, FFISAN_POISON_HEAP_FREED);
  if (nested) ffs_recycle_chunk_nested(m); /* the thread's quarantine may be mid-update */
  else ffs_quarantine_put(m, m->size ? m->size : 1);
}

/* Marks the chunk released exactly once even if two threads race. */
static bool claim(ffs_chunk *m) {
  uint8_t live = FFS_CHUNK_LIVE;
  return __atomic_compare_exchange_n(&m->state, &live, FFS_CHUNK_QUARANTINED, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

static void release(void *p, int how, uintptr_t ret) {
  if (how == FFS_REL_FREE && ffs_classify_callsite(ret, nested_call()) == FFS_SITE_RUST)
    how = FFS_REL_RUST_DEALLOC;
  uintptr_t begin;
  ffs_chunk *m = check_release(p, how, &begin);
  if (!m) return;
  if (!claim(m)) {
    ffs_error_double_free(p, m, how);
    return;
  }
  retire(m, how, ret);
}

void ffs_release(void *p, int how, uintptr_t ret) {
  if (!p) return;
  ffs_ensure_init();
  depth++;
  release(p, how, ret);
  depth--;
}

static void *reallocate(void *p, size_t size, size_t align, int how, uintptr_t ret) {
  if (how == FFS_REL_REALLOC && ffs_classify_callsite(ret, nested_call()) == FFS_SITE_RUST)
    how = FFS_REL_RUST_REALLOC;
  if (!size && how == FFS_REL_REALLOC) { /* glibc: realloc(p, 0) frees */
    release(p, FFS_REL_FREE, ret);
    return NULL;
  }
  uintptr_t begin;
  ffs_chunk *m = check_release(p, how, &begin);
  if (!m) return NULL;
  ffs_chunk *nm;
  void *n = allocate(size, align, m->family, false, false, ret, &nm);
  if (!n) return NULL; /* the old block stays valid, like glibc */
  ffs_memcpy(n, p, m->size < size ? m->size : size);
  if (claim(m)) retire(m, how, ret);
  else ffs_error_double_free(p, m, how);
  return n;
}

void *ffs_reallocate(void *p, size_t size, size_t align, int how, uintptr_t ret) {
  if (!p) return ffs_allocate(size, align, ffs_family_of_release(how), false, false, ret);
  ffs_ensure_init();
  depth++;
  void *n = reallocate(p, size, align, how, ret);
  depth--;
  return n;
}

size_t ffs_usable_size(const void *p) {
  uintptr_t begin;
  ffs_chunk *m = p ? ffs_find_chunk((uintptr_t)p, &begin) : NULL;
  if (!m || begin != (uintptr_t)p || m->state != FFS_CHUNK_LIVE) return 0;
  return m->size;
}

/* ---- stack objects of instrumented code (fake frames) ---- */

void *ffs_allocate_stack_object(size_t size, size_t align, uintptr_t ret) {
  ffs_ensure_init();
  depth++;
  ffs_chunk *m;
  void *p = ffs_alloc_chunk(size, align < 16 ? 16 : align, nested_call(), &m);
  depth--;
  if (!p) {
    ffs_warn("ERROR: out of memory for a stack object of %zu bytes", size);
    ffs_die();
  }
  m->family = FFS_FAM_STACK;
  m->flags = FFS_CF_INTERNAL; /* stack memory: a leak-scan root, never a leak */
  m->free_kind = 0;
  m->alloc_tid = ffs_current_tid();
  m->alloc_stack = ffs_depot_put(&ret, 1);
  m->free_stack = 0;
  shadow_live(m, (uintptr_t)p, FFISAN_POISON_STACK_REDZONE);
  return p;
}

void ffs_release_stack_object(void *p, uintptr_t ret) {
  uintptr_t begin;
  ffs_chunk *m = p ? ffs_find_chunk((uintptr_t)p, &begin) : NULL;
  if (!m || begin != (uintptr_t)p || m->family != FFS_FAM_STACK || !claim(m)) return;
  m->free_tid = ffs_current_tid();
  m->free_stack = ffs_depot_put(&ret, 1);
  shadow_released(m, FFISAN_POISON_STACK_RETURNED);
  depth++;
  if (nested_call()) ffs_recycle_chunk_nested(m);
  else ffs_quarantine_put(m, m->size ? m->size : 1);
  depth--;
}
