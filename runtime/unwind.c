/* unwind.c — stack capture (see unwind.h). Debian ships libunwind.a without
 * -fPIC, so libunwind.so.8 is loaded privately (dlopen RTLD_LOCAL) from the
 * constructor: its _Unwind_* symbols never join the global scope, so C++
 * throws and Rust panics keep using libgcc_s. Until it is loaded (allocations
 * made before constructors run) the validated frame-pointer walk is used.
 *
 * Stack memo: after a capture, the slot of each return address is found by
 * scanning the stack upwards (within the thread's known stack bounds). A
 * later capture from the same frame address whose recorded slots all still
 * hold the same return addresses is the same stack: its depot id is reused
 * without unwinding or hashing, so hot loops pay a few dozen loads. */
#include "unwind.h"
#include "depot.h"
#include "flags.h"
#include "internal_alloc.h"
#include "modules.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>

#define MEMO_SETS 64
#define MEMO_WAYS 4
#define RAW_MAX 48 /* raw frames: malloc_context_size + runtime frames */

typedef int (*backtrace_fn)(void **, int);

typedef struct {
  uintptr_t key; /* our frame address at capture time, 0 = empty */
  uint16_t max, n;
  uint32_t id;
  uintptr_t ra[RAW_MAX];
  uint32_t off[RAW_MAX]; /* slot address - key (slots lie above our frame) */
} memo_entry;
typedef struct { memo_entry way[MEMO_WAYS]; unsigned next; } memo_set;

static backtrace_fn unw_backtrace_fn;
static uintptr_t rt_text_start, rt_text_end;
static FFS_TLS memo_set *memo;
static FFS_TLS uintptr_t stack_lo, stack_hi;
static FFS_TLS int unwinding;
static FFS_TLS int memo_busy;

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

/* Runs outside the allocator (constructor, thread start): may allocate. */
void ffs_unwind_thread_start(void) {
  pthread_attr_t attr;
  void *addr;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr)) return;
  if (!pthread_attr_getstack(&attr, &addr, &size)) {
    stack_lo = (uintptr_t)addr;
    stack_hi = (uintptr_t)addr + size;
  }
  pthread_attr_destroy(&attr);
}

void ffs_unwind_load_libunwind(void) {
  ffs_unwind_thread_start();
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

static int fp_walk(uintptr_t *pcs, int max) {
  uintptr_t *fp = __builtin_frame_address(0);
  uintptr_t lo = (uintptr_t)fp, hi = stack_hi > lo ? stack_hi : lo + 4096;
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

/* Keeps the outermost runtime frame (the interposed entry) as frame 0, or
 * drops every runtime frame (`user_only`: checks of instrumented code). */
static int trim_frames(uintptr_t *pcs, int n, bool user_only) {
  int first = 0;
  while (first + 1 < n && ffs_pc_in_runtime(pcs[first + 1])) first++;
  if (user_only && first < n && ffs_pc_in_runtime(pcs[first])) first++;
  if (first)
    for (int i = first; i < n; i++) pcs[i - first] = pcs[i];
  return n - first;
}

static int trim(uintptr_t *pcs, int n) { return trim_frames(pcs, n, false); }

/* Raw capture: libunwind when loaded and not re-entered, else frame pointers. */
static int raw_unwind(uintptr_t *buf, int want, bool fast) {
  backtrace_fn unw = __atomic_load_n(&unw_backtrace_fn, __ATOMIC_ACQUIRE);
  /* libunwind's first use in a thread allocates its dynamic TLS: that
   * nested allocation gets a frame-pointer stack. So does one made with the
   * loader's lock held (libunwind would take its lock, then the loader's). */
  if (fast || !unw || unwinding || ffs_holding_loader_lock()) return fp_walk(buf, want);
  unwinding = 1;
  int n = unw((void **)buf, want);
  unwinding = 0;
  return n;
}

int ffs_unwind(uintptr_t *pcs, int max, bool fast) {
  if (max <= 0) return 0;
  uintptr_t buf[RAW_MAX];
  int want = max + 16 > RAW_MAX ? RAW_MAX : max + 16;
  int n = trim(buf, raw_unwind(buf, want, fast));
  if (n > max) n = max;
  ffs_memcpy(pcs, buf, (size_t)n * sizeof(uintptr_t));
  return n;
}

static bool memo_valid(const memo_entry *e) {
  const char *base = (const char *)e->key;
  for (int i = 0; i < e->n; i++)
    if (*(const uintptr_t *)(base + e->off[i]) != e->ra[i]) return false;
  return true;
}

/* Captures, stores in the depot and records the slot of each return address
 * from `ret` (capture_memoized's own) outwards: the frames below `key` are
 * the memo's own and are dead when the memo is checked. */
static FFS_NOINLINE uint32_t memo_fill(memo_entry *e, uintptr_t key, uintptr_t ret, int max) {
  uintptr_t raw[RAW_MAX];
  int want = max + 16 > RAW_MAX ? RAW_MAX : max + 16;
  int n = raw_unwind(raw, want, false);
  const uintptr_t *p = (const uintptr_t *)key, *end = (const uintptr_t *)stack_hi;
  int first = 0;
  while (first < n && raw[first] != ret) first++;
  e->key = 0;
  e->n = 0;
  for (int i = first; i < n; i++) {
    while (p < end && *p != raw[i]) p++;
    if (p == end || (uintptr_t)p - key > UINT32_MAX) break; /* signal frame: not memoized */
    e->off[e->n] = (uint32_t)((uintptr_t)p++ - key);
    e->ra[e->n++] = raw[i];
  }
  bool located = first < n && e->n == n - first;
  n = trim(raw, n);
  if (n > max) n = max;
  e->id = ffs_depot_put(raw, n);
  e->max = (uint16_t)max;
  e->key = located ? key : 0;
  return e->id;
}

static FFS_NOINLINE uint32_t capture_memoized(int max, uintptr_t hint) {
  uintptr_t key = (uintptr_t)__builtin_frame_address(0);
  uintptr_t ret = (uintptr_t)__builtin_return_address(0);
  if (!memo) {
    memo = ffs_internal_alloc(MEMO_SETS * sizeof(memo_set));
    if (!memo) return 0;
  }
  memo_set *set = &memo[((key >> 4) ^ (hint * 0x9E3779B97F4A7C15ULL) >> 40) % MEMO_SETS];
  for (int w = 0; w < MEMO_WAYS; w++) {
    memo_entry *e = &set->way[w];
    if (e->key == key && e->max == max && memo_valid(e)) return e->id;
  }
  return memo_fill(&set->way[set->next++ % MEMO_WAYS], key, ret, max);
}

uint32_t ffs_stack_here_max(int max, uintptr_t hint) {
  if (max > FFS_MAX_FRAMES) max = FFS_MAX_FRAMES;
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  bool memo_ok = hint && !ffs_flags.fast_unwind_on_malloc && !unwinding && !memo_busy &&
                 here > stack_lo && here < stack_hi &&
                 __atomic_load_n(&unw_backtrace_fn, __ATOMIC_ACQUIRE);
  if (memo_ok) {
    memo_busy = 1; /* a signal handler's capture must not touch a half-written entry */
    uint32_t id = capture_memoized(max, hint);
    memo_busy = 0;
    return id;
  }
  uintptr_t pcs[FFS_MAX_FRAMES];
  int n = ffs_unwind(pcs, max, ffs_flags.fast_unwind_on_malloc);
  return ffs_depot_put(pcs, n);
}

uint32_t ffs_stack_here_user(int max) {
  uintptr_t buf[RAW_MAX];
  if (max > FFS_MAX_FRAMES) max = FFS_MAX_FRAMES;
  int n = trim_frames(buf, raw_unwind(buf, max + 16 > RAW_MAX ? RAW_MAX : max + 16, false), true);
  return ffs_depot_put(buf, n > max ? max : n);
}

uint32_t ffs_stack_here(uintptr_t hint) {
  int max = ffs_flags.malloc_context_size;
  return ffs_stack_here_max(max ? max : 1, hint);
}

void ffs_unwind_thread_exit(void) {
  ffs_internal_free(memo);
  memo = NULL;
}
