/* allocator.c — the heap itself (see allocator.h for the shape).
 * Primary: NCLASS size classes, class c owns a REGION-sized slice of one
 * reserved range; chunk records live in a second reserved range at
 * meta_space + c * META_REGION + index * 32. Chunks are carved with a bump
 * index under the class lock and move between the central free list (linked
 * through the records) and per-thread caches of indices in batches.
 * Large blocks (> MAX_CLASS bytes) are mmap'd one by one and kept in an array
 * sorted by address, read lock-free under a sequence counter. */
#include "allocator.h"
#include "internal_alloc.h"
#include "quarantine.h"
#include "shadow.h"
#include "unwind.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#define REGION_SHIFT 34
#define REGION ((uintptr_t)1 << REGION_SHIFT)
#define META_REGION (REGION * 2) /* REGION/16 chunks at most, 32 bytes each */
#define MAX_CLASS ((size_t)128 << 10)
#define NCLASS 53
#define CACHE_MAX 64
#define SPACE_HINT ((uintptr_t)0x600000000000ULL)
#define COMMIT_STEP ((size_t)256 << 10)
#define LARGE_MAX_ENTRIES ((size_t)1 << 20)

typedef struct {
  ffs_spinlock lock;
  uint64_t carved;      /* chunks handed out of the bump area so far */
  uint64_t user_mapped; /* committed bytes of the user region */
  uint64_t meta_mapped; /* committed bytes of the record region */
  uint64_t free_head;   /* index + 1 of the first available chunk, 0 = none */
  uint64_t free_count;
} region_t;

typedef struct {
  uint32_t count[NCLASS];
  uint32_t slots[NCLASS][CACHE_MAX];
} thread_cache;

typedef struct {
  uintptr_t map_start, user;
  size_t map_size;
  ffs_chunk meta;
} large_block;

static uintptr_t space, meta_space;
static uint32_t class_size[NCLASS];
static uint32_t cache_max[NCLASS];
static uint32_t batch_size[NCLASS];
static region_t regions[NCLASS];

static FFS_TLS thread_cache *tcache;
static FFS_TLS int tcache_state; /* 0 = none yet, 1 = live, 2 = thread exiting */
static pthread_key_t tcache_key;

static ffs_spinlock large_lock = FFS_SPINLOCK_INIT;
static large_block **large_sorted; /* reserved, never moves */
static size_t large_count;
static volatile uint64_t large_seq; /* odd while a writer changes the array */

/* ---- size classes ---- */

static void init_classes(void) {
  int c = 1; /* class 0 unused: index 0 of class tables means "none" */
  for (uint32_t s = 16; s <= 256; s += 16) class_size[c++] = s;
  for (uint32_t base = 256; base < MAX_CLASS; base *= 2)
    for (int k = 1; k <= 4; k++) class_size[c++] = base + k * base / 4;
  for (int i = 1; i < NCLASS; i++) {
    uint32_t n = (uint32_t)((256u << 10) / class_size[i]);
    cache_max[i] = n < 2 ? 2 : n > CACHE_MAX ? CACHE_MAX : n;
    batch_size[i] = cache_max[i] / 2 ? cache_max[i] / 2 : 1;
  }
}

static FFS_ALWAYS_INLINE int size_to_class(size_t size) {
  if (size <= 256) return (int)((size + 15) >> 4) + (size == 0);
  int lg = 63 - __builtin_clzl(size - 1); /* 2^lg < size <= 2^(lg+1) */
  size_t base = (size_t)1 << lg;
  size_t step = base / 4;
  int k = (int)((size - base + step - 1) / step); /* 1..4 */
  return 17 + (lg - 8) * 4 + (k - 1);
}

/* ---- primary regions ---- */

static FFS_ALWAYS_INLINE uintptr_t region_base(int c) { return space + (uintptr_t)c * REGION; }
static FFS_ALWAYS_INLINE ffs_chunk *meta_at(int c, uint64_t idx) {
  return (ffs_chunk *)(meta_space + (uintptr_t)c * META_REGION) + idx;
}

static bool reserve_space(void) {
  size_t user_bytes = (size_t)NCLASS * REGION, meta_bytes = (size_t)NCLASS * META_REGION;
  size_t total = user_bytes + meta_bytes;
  void *p = mmap((void *)SPACE_HINT, total, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p == MAP_FAILED) p = ffs_mmap_reserve(total + REGION);
  if (!p || p == MAP_FAILED) return false;
  space = ((uintptr_t)p + REGION - 1) & ~(REGION - 1);
  meta_space = space + user_bytes;
  return true;
}

/* Commits enough of class c for `want` more chunks; lock held. */
static bool grow_region(int c, region_t *r, uint64_t want) {
  uint64_t end = (r->carved + want) * class_size[c];
  if (end > REGION) return false;
  if (end > r->user_mapped) {
    uint64_t to = (end + COMMIT_STEP - 1) & ~(uint64_t)(COMMIT_STEP - 1);
    if (to > REGION) to = REGION;
    if (!ffs_mmap_commit((void *)(region_base(c) + r->user_mapped), to - r->user_mapped))
      return false;
    r->user_mapped = to;
  }
  uint64_t mend = (r->carved + want) * sizeof(ffs_chunk);
  if (mend > r->meta_mapped) {
    uint64_t to = (mend + COMMIT_STEP - 1) & ~(uint64_t)(COMMIT_STEP - 1);
    if (!ffs_mmap_commit((char *)meta_at(c, 0) + r->meta_mapped, to - r->meta_mapped))
      return false;
    r->meta_mapped = to;
  }
  return true;
}

/* Takes up to n available chunk indices of class c into out[]; returns count.
 * With `nowait`, returns 0 instead of waiting for the class lock. */
static uint32_t central_take(int c, uint32_t *out, uint32_t n, bool nowait) {
  region_t *r = &regions[c];
  uint32_t got = 0;
  if (!nowait) ffs_spin_lock(&r->lock);
  else if (!ffs_spin_trylock(&r->lock)) return 0;
  while (got < n && r->free_head) {
    uint64_t idx = r->free_head - 1;
    r->free_head = meta_at(c, idx)->size;
    r->free_count--;
    out[got++] = (uint32_t)idx;
  }
  if (got < n && grow_region(c, r, n - got))
    while (got < n) out[got++] = (uint32_t)r->carved++;
  ffs_spin_unlock(&r->lock);
  return got;
}

static bool central_give(int c, const uint32_t *idx, uint32_t n, bool nowait) {
  region_t *r = &regions[c];
  if (!nowait) ffs_spin_lock(&r->lock);
  else if (!ffs_spin_trylock(&r->lock)) return false;
  for (uint32_t i = 0; i < n; i++) {
    meta_at(c, idx[i])->size = r->free_head;
    r->free_head = (uint64_t)idx[i] + 1;
  }
  r->free_count += n;
  ffs_spin_unlock(&r->lock);
  return true;
}

static thread_cache *my_cache(void) {
  if (FFS_LIKELY(tcache_state == 1)) return tcache;
  if (tcache_state == 2) return NULL;
  tcache = ffs_internal_alloc(sizeof(thread_cache));
  if (!tcache) return NULL;
  tcache_state = 1;
  pthread_setspecific(tcache_key, tcache);
  return tcache;
}

/* Nested (re-entered) allocation: no thread cache, no waiting. The code
 * it interrupted holds at most one class lock, so some class will do. */
static int take_index_nested(int c, uint32_t *idx) {
  for (; c < NCLASS; c++)
    if (central_take(c, idx, 1, true)) return c;
  return 0;
}

static int take_index(int c, uint32_t *idx, bool nested) {
  thread_cache *tc = nested ? NULL : my_cache();
  if (!tc) return nested ? take_index_nested(c, idx) : central_take(c, idx, 1, false) ? c : 0;
  if (FFS_UNLIKELY(!tc->count[c])) {
    tc->count[c] = central_take(c, tc->slots[c], batch_size[c], false);
    if (!tc->count[c]) return 0;
  }
  *idx = tc->slots[c][--tc->count[c]];
  if (tc->count[c]) { /* the next chunk is cold after the quarantine: fetch it now */
    uint32_t next = tc->slots[c][tc->count[c] - 1];
    __builtin_prefetch(meta_at(c, next), 1);
    __builtin_prefetch((void *)(region_base(c) + (uintptr_t)next * class_size[c]), 1);
  }
  return c;
}

static void give_index(int c, uint32_t idx) {
  thread_cache *tc = my_cache();
  if (!tc) {
    central_give(c, &idx, 1, false);
    return;
  }
  if (FFS_UNLIKELY(tc->count[c] == cache_max[c])) {
    uint32_t half = cache_max[c] / 2;
    tc->count[c] -= half;
    central_give(c, &tc->slots[c][tc->count[c]], half, false);
  }
  tc->slots[c][tc->count[c]++] = idx;
}

/* ---- large blocks ---- */

static size_t large_lower_bound(uintptr_t addr) {
  size_t lo = 0, hi = large_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (large_sorted[mid]->map_start < addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static bool large_insert(large_block *b, bool nowait) {
  if (!nowait) ffs_spin_lock(&large_lock);
  else if (!ffs_spin_trylock(&large_lock)) return false;
  size_t i = large_lower_bound(b->map_start);
  __atomic_add_fetch(&large_seq, 1, __ATOMIC_ACQ_REL);
  for (size_t j = large_count; j > i; j--) large_sorted[j] = large_sorted[j - 1];
  large_sorted[i] = b;
  large_count++;
  __atomic_add_fetch(&large_seq, 1, __ATOMIC_ACQ_REL);
  ffs_spin_unlock(&large_lock);
  return true;
}

static void large_remove(large_block *b) {
  ffs_spin_lock(&large_lock);
  size_t i = large_lower_bound(b->map_start);
  __atomic_add_fetch(&large_seq, 1, __ATOMIC_ACQ_REL);
  if (i < large_count && large_sorted[i] == b) {
    for (size_t j = i; j + 1 < large_count; j++) large_sorted[j] = large_sorted[j + 1];
    large_count--;
  }
  __atomic_add_fetch(&large_seq, 1, __ATOMIC_ACQ_REL);
  ffs_spin_unlock(&large_lock);
}

static large_block *large_find(uintptr_t addr) {
  for (;;) {
    uint64_t seq = __atomic_load_n(&large_seq, __ATOMIC_ACQUIRE);
    if (seq & 1) { __builtin_ia32_pause(); continue; }
    large_block *found = NULL;
    size_t n = __atomic_load_n(&large_count, __ATOMIC_RELAXED);
    size_t lo = 0, hi = n;
    while (lo < hi) { /* last block whose start <= addr */
      size_t mid = (lo + hi) / 2;
      if (large_sorted[mid]->map_start <= addr) lo = mid + 1;
      else hi = mid;
    }
    if (lo) {
      large_block *b = large_sorted[lo - 1];
      if (addr < b->map_start + b->map_size) found = b;
    }
    if (__atomic_load_n(&large_seq, __ATOMIC_ACQUIRE) == seq) return found;
  }
}

static void *large_alloc(size_t size, size_t align, bool nested, ffs_chunk **meta) {
  size_t page = ffs_page_size();
  if (align < page) align = page;
  size_t need = size + align;
  if (need < size || large_count >= LARGE_MAX_ENTRIES) return NULL;
  size_t map_size = (need + page - 1) & ~(page - 1);
  large_block *b = nested ? ffs_internal_alloc_nowait(sizeof *b) : ffs_internal_alloc(sizeof *b);
  if (!b) return NULL;
  void *p = ffs_mmap_user(map_size);
  if (!p) {
    ffs_internal_free(b);
    return NULL;
  }
  b->map_start = (uintptr_t)p;
  b->map_size = map_size;
  b->user = ((uintptr_t)p + align - 1) & ~(align - 1);
  b->meta.state = FFS_CHUNK_LIVE;
  b->meta.size = size;
  b->meta.user_offset = (uint32_t)(b->user - b->map_start);
  if (!large_insert(b, nested)) {
    munmap(p, map_size); /* a nested call must not wait: fail like ENOMEM */
    ffs_internal_free(b);
    return NULL;
  }
  *meta = &b->meta;
  return (void *)b->user;
}

static bool is_large_meta(const ffs_chunk *m) {
  return (uintptr_t)m < meta_space || (uintptr_t)m >= meta_space + (uintptr_t)NCLASS * META_REGION;
}

static large_block *large_of(const ffs_chunk *m) {
  return (large_block *)((char *)m - __builtin_offsetof(large_block, meta));
}

/* ---- public ---- */

static void thread_cache_dtor(void *p) {
  ffs_quarantine_thread_exit();
  ffs_unwind_thread_exit();
  ffs_allocator_thread_exit();
}

void ffs_allocator_init(void) {
  init_classes();
  if (!reserve_space()) {
    ffs_warn("ERROR: cannot reserve the heap address range; out of address space");
    _exit(1);
  }
  large_sorted = ffs_mmap(LARGE_MAX_ENTRIES * sizeof(large_block *));
  pthread_key_create(&tcache_key, thread_cache_dtor);
}

void ffs_heap_range(uintptr_t *lo, uintptr_t *hi) {
  *lo = space;
  *hi = space + (uintptr_t)NCLASS * (REGION + META_REGION);
}

bool ffs_in_primary(uintptr_t addr) {
  return addr - space < (uintptr_t)NCLASS * REGION;
}

void *ffs_alloc_chunk(size_t size, size_t align, bool nested, ffs_chunk **meta) {
  /* instrumented code needs a poisoned redzone after every block */
  size_t need = (size ? size : 1) + (ffs_shadow_on ? FFS_MIN_REDZONE : 0);
  if (align > 16) {
    need += align - 16;
    if (need < size) return NULL;
  }
  if (need < size) return NULL;
  if (need > MAX_CLASS) return large_alloc(size, align, nested, meta);
  uint32_t idx;
  int c = take_index(size_to_class(need), &idx, nested);
  if (!c) return NULL;
  uintptr_t chunk = region_base(c) + (uintptr_t)idx * class_size[c];
  uintptr_t user = align > 16 ? (chunk + align - 1) & ~(uintptr_t)(align - 1) : chunk;
  ffs_chunk *m = meta_at(c, idx);
  m->state = FFS_CHUNK_LIVE;
  m->size = size;
  m->user_offset = (uint32_t)(user - chunk);
  *meta = m;
  return (void *)user;
}

bool ffs_recycle_chunk_nested(ffs_chunk *m) {
  if (is_large_meta(m)) return false;
  uintptr_t off = (uintptr_t)m - meta_space;
  uint32_t idx = (uint32_t)((off % META_REGION) / sizeof(ffs_chunk));
  m->state = FFS_CHUNK_AVAILABLE;
  if (central_give((int)(off / META_REGION), &idx, 1, true)) return true;
  m->state = FFS_CHUNK_QUARANTINED;
  return false;
}

void ffs_recycle_chunk(ffs_chunk *m) {
  m->state = FFS_CHUNK_AVAILABLE;
  if (is_large_meta(m)) {
    large_block *b = large_of(m);
    large_remove(b);
    ffs_shadow_clear(b->map_start, b->map_size); /* the range may become anything */
    munmap((void *)b->map_start, b->map_size);
    ffs_internal_free(b);
    return;
  }
  uintptr_t off = (uintptr_t)m - meta_space;
  int c = (int)(off / META_REGION);
  uint32_t idx = (uint32_t)((off % META_REGION) / sizeof(ffs_chunk));
  give_index(c, idx);
}

ffs_chunk *ffs_find_chunk(uintptr_t addr, uintptr_t *begin) {
  uintptr_t off = addr - space;
  if (off < (uintptr_t)NCLASS * REGION) {
    int c = (int)(off >> REGION_SHIFT);
    if (!c) return NULL;
    uint64_t idx = (uint32_t)((off & (REGION - 1)) >> 4) / (class_size[c] >> 4);
    if (idx >= __atomic_load_n(&regions[c].carved, __ATOMIC_ACQUIRE)) return NULL;
    ffs_chunk *m = meta_at(c, idx);
    *begin = region_base(c) + idx * class_size[c] + m->user_offset;
    return m;
  }
  if (!large_count) return NULL;
  large_block *b = large_find(addr);
  if (!b) return NULL;
  *begin = b->user;
  return &b->meta;
}

uintptr_t ffs_chunk_begin(const ffs_chunk *m) {
  if (is_large_meta(m)) return large_of(m)->user;
  uintptr_t off = (uintptr_t)m - meta_space;
  int c = (int)(off / META_REGION);
  uint64_t idx = (off % META_REGION) / sizeof(ffs_chunk);
  return region_base(c) + idx * class_size[c] + m->user_offset;
}

size_t ffs_chunk_usable(const ffs_chunk *m) {
  if (is_large_meta(m)) {
    large_block *b = large_of(m);
    return b->map_start + b->map_size - b->user;
  }
  uintptr_t off = (uintptr_t)m - meta_space;
  return class_size[off / META_REGION] - m->user_offset;
}

static void for_each_chunk(bool quarantined_too,
                           void (*fn)(ffs_chunk *m, uintptr_t begin, void *arg), void *arg) {
  for (int c = 1; c < NCLASS; c++) {
    uint64_t n = __atomic_load_n(&regions[c].carved, __ATOMIC_ACQUIRE);
    for (uint64_t i = 0; i < n; i++) {
      ffs_chunk *m = meta_at(c, i);
      if (m->state == FFS_CHUNK_LIVE || (quarantined_too && m->state == FFS_CHUNK_QUARANTINED))
        fn(m, region_base(c) + i * class_size[c] + m->user_offset, arg);
    }
  }
  ffs_spin_lock(&large_lock);
  for (size_t i = 0; i < large_count; i++) {
    ffs_chunk *m = &large_sorted[i]->meta;
    if (m->state == FFS_CHUNK_LIVE || (quarantined_too && m->state == FFS_CHUNK_QUARANTINED))
      fn(m, large_sorted[i]->user, arg);
  }
  ffs_spin_unlock(&large_lock);
}

void ffs_for_each_live_chunk(void (*fn)(ffs_chunk *m, uintptr_t begin, void *arg), void *arg) {
  for_each_chunk(false, fn, arg);
}

void ffs_for_each_chunk_in_use(void (*fn)(ffs_chunk *m, uintptr_t begin, void *arg), void *arg) {
  for_each_chunk(true, fn, arg);
}

void ffs_allocator_thread_exit(void) {
  thread_cache *tc = tcache;
  tcache_state = 2;
  tcache = NULL;
  if (!tc) return;
  for (int c = 1; c < NCLASS; c++)
    if (tc->count[c]) central_give(c, tc->slots[c], tc->count[c], false);
  ffs_internal_free(tc);
}

void ffs_allocator_lock_all(void) {
  for (int c = 1; c < NCLASS; c++) ffs_spin_lock(&regions[c].lock);
  ffs_spin_lock(&large_lock);
}

void ffs_allocator_unlock_all(void) {
  ffs_spin_unlock(&large_lock);
  for (int c = NCLASS - 1; c >= 1; c--) ffs_spin_unlock(&regions[c].lock);
}
