/* rust_alloc.c — Rust global allocator entry points and the hooks routing
 * std's __rdl_* bodies to them (see rust_alloc.h). Rust's ABI for these
 * #[rustc_std_internal_symbol] functions passes integers and pointers like
 * the C ABI on x86-64: (size, align), (ptr, size, align),
 * (ptr, old_size, align, new_size). A custom #[global_allocator] has no
 * __rdl_* bodies: its blocks are recognised by call site (callsite.c). */
#include "rust_alloc.h"
#include "alloc.h"
#include "callsite.h"

#include <sys/mman.h>

#define RET ((uintptr_t)__builtin_return_address(0))
enum { ABS_JUMP = 12, REL_JUMP = 5 };

static size_t rust_align(size_t align) { return align < 16 ? 16 : align; }

__attribute__((used)) static void *__ffisan_rust_alloc(size_t size, size_t align) {
  return ffs_allocate(size, rust_align(align), FFS_FAM_RUST, align > 16, false, RET);
}

__attribute__((used)) static void *__ffisan_rust_alloc_zeroed(size_t size, size_t align) {
  return ffs_allocate(size, rust_align(align), FFS_FAM_RUST, align > 16, true, RET);
}

__attribute__((used)) static void __ffisan_rust_dealloc(void *p, size_t size, size_t align) {
  ffs_release(p, FFS_REL_RUST_DEALLOC, RET);
}

__attribute__((used)) static void *__ffisan_rust_realloc(void *p, size_t old_size, size_t align,
                                                         size_t new_size) {
  return ffs_reallocate(p, new_size, rust_align(align), FFS_REL_RUST_REALLOC, RET);
}

static void *entry_for(int kind) {
  switch (kind) {
  case FFS_RSYM_RDL_ALLOC: return (void *)__ffisan_rust_alloc;
  case FFS_RSYM_RDL_DEALLOC: return (void *)__ffisan_rust_dealloc;
  case FFS_RSYM_RDL_REALLOC: return (void *)__ffisan_rust_realloc;
  case FFS_RSYM_RDL_ALLOC_ZEROED: return (void *)__ffisan_rust_alloc_zeroed;
  default: return NULL;
  }
}

/* movabs $to, %rax; jmp *%rax — rax is neither an argument nor callee-saved. */
static void write_abs_jump(uint8_t *code, const void *to) {
  code[0] = 0x48;
  code[1] = 0xb8;
  uintptr_t target = (uintptr_t)to;
  for (int i = 0; i < 8; i++) code[2 + i] = (uint8_t)(target >> (8 * i));
  code[10] = 0xff;
  code[11] = 0xe0;
}

/* A page of absolute jumps within +-2 GiB of `near`, for bodies shorter than
 * an absolute jump (__rdl_dealloc is a 6-byte `jmp *free@GOT`). */
static uint8_t *trampoline(uintptr_t near) {
  static uint8_t *page;
  static size_t used;
  size_t size = ffs_page_size();
  intptr_t dist = page ? (intptr_t)((uintptr_t)page - near) : 0;
  if (!page || used + ABS_JUMP > size || dist > INT32_MAX / 2 || dist < INT32_MIN / 2) {
    page = NULL;
    uintptr_t base = near & ~(uintptr_t)(size - 1);
    for (uintptr_t k = 1; k <= 384 && !page; k++) { /* 4 MiB steps, both ways, +-1.5 GiB */
      uintptr_t step = k * ((uintptr_t)1 << 22);
      for (int dir = 0; dir < 2 && !page; dir++) {
        uintptr_t hint = dir ? base + step : base - step;
        void *p = mmap((void *)hint, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != MAP_FAILED) page = p;
      }
    }
    used = 0;
    if (!page) return NULL;
  }
  uint8_t *t = page + used;
  used += ABS_JUMP;
  return t;
}

/* The bytes that make `lo` jump to `to`; returns their length, 0 if none. */
static size_t make_patch(uintptr_t lo, size_t room, void *to, uint8_t *code) {
  if (room >= ABS_JUMP) {
    write_abs_jump(code, to);
    return ABS_JUMP;
  }
  if (room < REL_JUMP) return 0;
  uint8_t *t = trampoline(lo);
  if (!t) return 0;
  write_abs_jump(t, to);
  code[0] = 0xe9;
  int32_t rel = (int32_t)((intptr_t)t - (intptr_t)(lo + REL_JUMP));
  ffs_memcpy(code + 1, &rel, 4);
  return REL_JUMP;
}

static bool already_hooked(const uint8_t *code, const void *to) {
  if (code[0] == 0xe9) return true; /* our relative jump (rustc's bodies never start so) */
  uint8_t want[ABS_JUMP];
  write_abs_jump(want, to);
  for (int i = 0; i < ABS_JUMP; i++)
    if (code[i] != want[i]) return false;
  return true;
}

static void hook(int kind, uintptr_t lo, uintptr_t hi) {
  void *to = entry_for(kind);
  if (!to || already_hooked((const uint8_t *)lo, to)) return;
  uint8_t code[ABS_JUMP];
  size_t n = make_patch(lo, hi - lo, to, code);
  size_t page = ffs_page_size();
  uintptr_t first = lo & ~(page - 1), last = (lo + ABS_JUMP - 1) & ~(page - 1);
  size_t len = last + page - first;
  if (!n || mprotect((void *)first, len, PROT_READ | PROT_WRITE | PROT_EXEC)) {
    ffs_warn("WARNING: cannot hook the Rust allocator at %p; Rust blocks are recognised by "
             "call site only", (void *)lo);
    return;
  }
  ffs_memcpy((void *)lo, code, n);
  __builtin___clear_cache((char *)lo, (char *)lo + n);
  mprotect((void *)first, len, PROT_READ | PROT_EXEC);
}

void ffs_rust_alloc_hook_modules(void) { ffs_for_each_rust_alloc_symbol(hook); }
