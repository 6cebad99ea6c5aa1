/* boundary.c — __ffisan_func_enter/exit and __ffisan_call_enter/exit. The
 * side of every pc is cached in a lock-free table (packed pc << 3 | side),
 * so a call between two functions of one language costs two lookups. A call
 * that crosses (the two sides differ) gets its pointer arguments checked:
 * one pointing into a released heap block or a returned stack object is a
 * dangling-argument. */
#include "boundary.h"
#include "allocator.h"
#include "errors.h"
#include "report.h"
#include "symbolize.h"

#include <dlfcn.h>

#define SIDE_CACHE ((size_t)1 << 16)

static uint64_t *side_cache;

/* libc, libstdc++, ld.so... are neither side: libc calling rustc's main
 * shim is no crossing. Checked by module path first, so their debug files
 * are never loaded just to learn they are C. */
static ffs_side side_slow(uintptr_t pc) {
  Dl_info info;
  if (dladdr((void *)pc, &info) && ffs_module_is_system(info.dli_fname)) return FFS_SIDE_UNKNOWN;
  ffs_enter_runtime();
  ffs_side s = ffs_side_of_pc(pc);
  ffs_leave_runtime();
  return s;
}

ffs_side ffs_boundary_side(uintptr_t pc) {
  if (!pc || ffs_in_runtime) return FFS_SIDE_UNKNOWN;
  if (!side_cache) {
    uint64_t *c = ffs_mmap(SIDE_CACHE * sizeof(uint64_t));
    uint64_t *expected = NULL;
    if (!c || !__atomic_compare_exchange_n(&side_cache, &expected, c, false, __ATOMIC_ACQ_REL,
                                           __ATOMIC_ACQUIRE))
      if (c) ffs_munmap(c, SIDE_CACHE * sizeof(uint64_t));
  }
  size_t h = (size_t)((pc * 0x9E3779B97F4A7C15ULL) >> 48);
  for (size_t probe = 0; probe < 8; probe++) {
    uint64_t *slot = &side_cache[(h + probe) & (SIDE_CACHE - 1)];
    uint64_t v = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (v && (v >> 3) == pc) return (ffs_side)(v & 7);
    if (v) continue;
    ffs_side s = side_slow(pc);
    uint64_t expected = 0;
    __atomic_compare_exchange_n(slot, &expected, (uint64_t)pc << 3 | s, false, __ATOMIC_RELEASE,
                                __ATOMIC_RELAXED);
    return s;
  }
  return side_slow(pc);
}

static bool crossing(ffs_side from, ffs_side to) {
  return from != FFS_SIDE_UNKNOWN && to != FFS_SIDE_UNKNOWN &&
         (from == FFS_SIDE_RUST) != (to == FFS_SIDE_RUST);
}

static void check_arguments(void *callee, void **args, size_t n, ffs_side from, ffs_side to) {
  for (size_t i = 0; i < n; i++) {
    uintptr_t p = (uintptr_t)args[i], begin;
    ffs_chunk *m = p ? ffs_find_chunk(p, &begin) : NULL;
    if (!m || m->state != FFS_CHUNK_QUARANTINED || p < begin || p > begin + m->size) continue;
    ffs_error_dangling_argument(callee, i, p, m, begin, from, to);
  }
}

/* Crossings in progress on this thread, innermost last. An entry whose
 * frame is below the current stack pointer is stale (a panic or exception
 * unwound past its exit hook) and is dropped. */
#define MAX_CROSSINGS 64
static FFS_TLS ffs_crossing crossings[MAX_CROSSINGS];
static FFS_TLS int n_crossings;
static FFS_TLS void *checked_callee; /* call_enter already checked this callee's args */

static void drop_stale(uintptr_t sp) {
  while (n_crossings && crossings[n_crossings - 1].sp < sp) n_crossings--;
}

static void push(void *fn, uintptr_t caller, ffs_side from, ffs_side to, uintptr_t sp) {
  drop_stale(sp);
  if (n_crossings == MAX_CROSSINGS) return;
  crossings[n_crossings++] = (ffs_crossing){(uintptr_t)fn, caller, sp, from, to};
}

static void pop(void *fn) {
  if (n_crossings && crossings[n_crossings - 1].fn == (uintptr_t)fn) n_crossings--;
}

const ffs_crossing *ffs_innermost_crossing(void) {
  drop_stale((uintptr_t)__builtin_frame_address(0));
  return n_crossings ? &crossings[n_crossings - 1] : NULL;
}

/* Both hooks: record the crossing once (call_enter comes first when the
 * caller is instrumented too) and check the pointer arguments. */
static void enter(void *fn, uintptr_t caller, void **args, size_t n, uintptr_t sp) {
  ffs_side from = ffs_boundary_side(caller - 1), to = ffs_boundary_side((uintptr_t)fn);
  if (!crossing(from, to)) return;
  push(fn, caller, from, to, sp);
  check_arguments(fn, args, n, from, to);
}

FFS_INTERFACE void __ffisan_func_enter(void *fn, void *caller, void **ptr_args, size_t n) {
  if (ffs_in_runtime) return;
  if (checked_callee == fn) {
    checked_callee = NULL;
    return;
  }
  enter(fn, (uintptr_t)caller, ptr_args, n, (uintptr_t)__builtin_frame_address(0));
}

FFS_INTERFACE void __ffisan_func_exit(void *fn) { pop(fn); }

FFS_INTERFACE void __ffisan_call_enter(void *callee, void **ptr_args, size_t n) {
  if (ffs_in_runtime) return;
  checked_callee = callee;
  enter(callee, (uintptr_t)__builtin_return_address(0), ptr_args, n,
        (uintptr_t)__builtin_frame_address(0));
}

FFS_INTERFACE void __ffisan_call_exit(void *callee) {
  if (checked_callee == callee) checked_callee = NULL;
  pop(callee);
}
