/* unwind.c — stack capture (see unwind.h). Debian ships libunwind.a without
 * -fPIC, so libunwind.so.8 is loaded privately (dlopen RTLD_LOCAL) from the
 * constructor: its _Unwind_* symbols never join the global scope, so C++
 * throws and Rust panics keep using libgcc_s. Until it is loaded (allocations
 * made before constructors run) the validated frame-pointer walk is used. */
#include "unwind.h"
#include "depot.h"
#include "flags.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>

typedef int (*backtrace_fn)(void **, int);
static backtrace_fn unw_backtrace_fn;

static uintptr_t rt_text_start, rt_text_end;

static int find_self(struct dl_phdr_info *info, size_t size, void *arg) {
  uintptr_t self = (uintptr_t)&ffs_unwind_init;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (self >= lo && self < hi) {
      rt_text_start = lo;
      rt_text_end = hi;
      return 1;
    }
  }
  return 0;
}

void ffs_unwind_init(void) { dl_iterate_phdr(find_self, NULL); }

void ffs_unwind_load_libunwind(void) {
  void *h = dlopen("libunwind.so.8", RTLD_LAZY | RTLD_LOCAL);
  if (!h) {
    ffs_warn("WARNING: libunwind.so.8 not found; stacks use frame pointers only");
    return;
  }
  int (*set_policy)(void *, int) = (int (*)(void *, int))dlsym(h, "_ULx86_64_set_caching_policy");
  void **space = dlsym(h, "_ULx86_64_local_addr_space");
  if (set_policy && space) set_policy(*space, 2 /* UNW_CACHE_PER_THREAD */);
  __atomic_store_n(&unw_backtrace_fn, (backtrace_fn)dlsym(h, "unw_backtrace"), __ATOMIC_RELEASE);
}

bool ffs_pc_in_runtime(uintptr_t pc) { return pc - rt_text_start < rt_text_end - rt_text_start; }

static FFS_TLS uintptr_t stack_lo, stack_hi;
static FFS_TLS int unwinding;

static void stack_bounds(void) {
  pthread_attr_t attr;
  void *addr;
  size_t size;
  stack_hi = 1; /* don't retry if it fails */
  if (pthread_getattr_np(pthread_self(), &attr)) return;
  if (!pthread_attr_getstack(&attr, &addr, &size)) {
    stack_lo = (uintptr_t)addr;
    stack_hi = (uintptr_t)addr + size;
  }
  pthread_attr_destroy(&attr);
}

static int fp_walk(uintptr_t *pcs, int max) {
  uintptr_t *fp = __builtin_frame_address(0);
  uintptr_t lo = (uintptr_t)fp, hi = stack_hi > lo ? stack_hi : lo + (1 << 20);
  int n = 0;
  while (n < max && (uintptr_t)fp >= lo && (uintptr_t)fp + 16 <= hi && !((uintptr_t)fp & 7)) {
    uintptr_t ret = fp[1];
    if (ret < 0x1000) break;
    pcs[n++] = ret;
    uintptr_t *next = (uintptr_t *)fp[0];
    if (next <= fp) break;
    fp = next;
  }
  return n;
}

/* Keeps the outermost runtime frame (the interposed entry) as frame 0. */
static int trim(uintptr_t *pcs, int n) {
  int first = 0;
  while (first + 1 < n && ffs_pc_in_runtime(pcs[first + 1])) first++;
  if (first) for (int i = first; i < n; i++) pcs[i - first] = pcs[i];
  return n - first;
}

int ffs_unwind(uintptr_t *pcs, int max, bool fast) {
  if (max <= 0) return 0;
  uintptr_t buf[FFS_MAX_FRAMES + 16];
  int want = max + 16 > (int)FFS_ARRAY_SIZE(buf) ? (int)FFS_ARRAY_SIZE(buf) : max + 16;
  int n;
  backtrace_fn unw = __atomic_load_n(&unw_backtrace_fn, __ATOMIC_ACQUIRE);
  /* libunwind's first use in a thread allocates its dynamic TLS: that
   * nested allocation gets a frame-pointer stack. */
  if (fast || !unw || unwinding) {
    if (!stack_hi && !ffs_in_runtime && unw && !unwinding) stack_bounds();
    n = fp_walk(buf, want);
  } else {
    unwinding = 1;
    n = unw((void **)buf, want);
    unwinding = 0;
  }
  n = trim(buf, n);
  if (n > max) n = max;
  ffs_memcpy(pcs, buf, (size_t)n * sizeof(uintptr_t));
  return n;
}

uint32_t ffs_stack_here_max(int max) {
  uintptr_t pcs[FFS_MAX_FRAMES];
  if (max > FFS_MAX_FRAMES) max = FFS_MAX_FRAMES;
  int n = ffs_unwind(pcs, max, ffs_flags.fast_unwind_on_malloc);
  return ffs_depot_put(pcs, n);
}

uint32_t ffs_stack_here(void) {
  int max = ffs_flags.malloc_context_size;
  return ffs_stack_here_max(max ? max : 1);
}
