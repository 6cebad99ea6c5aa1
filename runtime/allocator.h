/* allocator.h — ffisan's heap: size-class regions in one reserved range,
 * out-of-band chunk records (never adjacent to user memory, so a program's
 * overflow cannot rewrite them), per-thread caches (no global lock on the
 * hot path), and mmap'd large blocks. Every address maps to its chunk record
 * in O(1) (primary) or O(log n) over the few large blocks. */
#ifndef FFS_ALLOCATOR_H
#define FFS_ALLOCATOR_H

#include "common.h"

/* Allocation families: who made a block and who may release it. */
enum {
  FFS_FAM_NONE = 0,
  FFS_FAM_MALLOC,    /* malloc/calloc/realloc/memalign/... and free */
  FFS_FAM_NEW,       /* operator new / delete */
  FFS_FAM_NEW_ARRAY, /* operator new[] / delete[] */
  FFS_FAM_RUST,      /* Rust global allocator (__rust_alloc/__rust_dealloc) */
  FFS_FAM_STACK,     /* escaping stack object of instrumented code (fake frame) */
};

/* Bytes after each block poisoned for instrumented code (shadow on). */
#define FFS_MIN_REDZONE 16

enum { FFS_CHUNK_AVAILABLE = 0, FFS_CHUNK_LIVE, FFS_CHUNK_QUARANTINED };

enum {
  FFS_CF_INTERNAL = 1, /* made inside the runtime or by ld.so: never reported */
  FFS_CF_ALIGNED = 2,  /* aligned variant (posix_memalign, new(align_val_t)) */
  FFS_CF_REACHABLE = 4, /* leak scan: marked reachable */
  FFS_CF_INDIRECT = 8,  /* leak scan: reachable only from leaked blocks */
};

/* One record per chunk, 32 bytes, out of band. */
typedef struct {
  uint8_t state;     /* FFS_CHUNK_* */
  uint8_t family;    /* FFS_FAM_* of the allocation */
  uint8_t flags;     /* FFS_CF_* */
  uint8_t free_kind; /* FFS_FAM_* of the release call */
  uint32_t alloc_stack, free_stack; /* depot ids */
  uint16_t alloc_tid, free_tid;     /* ffisan thread numbers (T<n>) */
  uint32_t user_offset;             /* user pointer - chunk start */
  uint32_t reserved;
  uint64_t size;                    /* requested bytes (free-list link when available) */
} ffs_chunk;

void ffs_allocator_init(void);

/* Returns a LIVE chunk of `size` bytes aligned to `align` (power of two,
 * >= 16 effective), or NULL (out of memory / absurd size). Only state, size
 * and user_offset are set; the caller fills the rest. `nested`: the thread
 * re-entered the allocator (signal handler, runtime-internal allocation):
 * no thread cache, never waits for a lock (may return a bigger chunk). */
void *ffs_alloc_chunk(size_t size, size_t align, bool nested, ffs_chunk **meta);
/* Returns a chunk whose record is no longer referenced to the free lists. */
void ffs_recycle_chunk(ffs_chunk *m);
/* The same from a nested call: never waits; false (chunk stays quarantined
 * for good) when its class lock is busy. */
bool ffs_recycle_chunk_nested(ffs_chunk *m);

/* Record of the chunk containing addr (any state), or NULL if addr is not in
 * ffisan's heap. *begin receives the user pointer of that chunk. */
ffs_chunk *ffs_find_chunk(uintptr_t addr, uintptr_t *begin);
uintptr_t ffs_chunk_begin(const ffs_chunk *m);
/* Bytes usable from the user pointer to the end of the chunk. */
size_t ffs_chunk_usable(const ffs_chunk *m);
/* Fast test: may addr belong to ffisan's heap? (primary range or large). */
bool ffs_in_primary(uintptr_t addr);
/* The reserved range of primary chunks and their records. */
void ffs_heap_range(uintptr_t *lo, uintptr_t *hi);

/* Calls fn on every chunk that is LIVE (leak scan; world mostly quiet). */
void ffs_for_each_live_chunk(void (*fn)(ffs_chunk *m, uintptr_t begin, void *arg), void *arg);
/* Same for LIVE and QUARANTINED chunks (shadow set-up). */
void ffs_for_each_chunk_in_use(void (*fn)(ffs_chunk *m, uintptr_t begin, void *arg), void *arg);

/* Per-thread state: drained to the central lists at thread exit. */
void ffs_allocator_thread_exit(void);
void ffs_allocator_lock_all(void);   /* fork: prepare */
void ffs_allocator_unlock_all(void); /* fork: parent & child */

#endif
