/* Unit tests for ffisan's heap (runtime/alloc.c, allocator.c, quarantine.c,
 * malloc.c). This binary is linked with the runtime objects, so malloc,
 * free, calloc... called here are ffisan's; the internal API (ffs_find_chunk,
 * ffs_for_each_live_chunk) is used to inspect the out-of-band records.
 * No test triggers an error report (those end the process): bad releases
 * are covered by the e2e suite. Each Criterion test runs in its own process,
 * so flags changed here (quarantine size) do not leak into other tests. */
#include <criterion/criterion.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "allocator.h"
#include "depot.h"
#include "flags.h"
#include "init.h"
#include "threads.h"

/* Keeps the compiler from reasoning about sizes passed to malloc. */
static volatile size_t v_size_max = SIZE_MAX;

#define RET ((uintptr_t)__builtin_return_address(0))

static void setup(void) {
  ffs_ensure_init();
  /* Start from the built-in defaults whatever FFISAN_OPTIONS says. */
  ffs_flags.quarantine_size_mb = 256;
  ffs_flags.malloc_context_size = 30;
}

TestSuite(heap, .init = setup);

static ffs_chunk *chunk_of(const void *p) {
  uintptr_t begin = 0;
  ffs_chunk *m = ffs_find_chunk((uintptr_t)p, &begin);
  cr_assert_not_null(m, "no record for %p", p);
  cr_assert_eq(begin, (uintptr_t)p, "record of %p begins at %#lx", p, (unsigned long)begin);
  return m;
}

/* Start, an interior byte and the last byte of [p, p+size) all map to the
 * record m with begin p. */
static void expect_lookup(const void *p, size_t size, const ffs_chunk *m) {
  uintptr_t a = (uintptr_t)p;
  uintptr_t probes[] = {a, a + size / 2, a + (size ? size - 1 : 0), a + size / 3};
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
    uintptr_t begin = 0;
    ffs_chunk *f = ffs_find_chunk(probes[i], &begin);
    cr_assert_eq(f, m, "lookup of %p+%lu found %p, want %p", p,
                 (unsigned long)(probes[i] - a), (void *)f, (void *)m);
    cr_assert_eq(begin, a, "lookup of %p+%lu: begin %#lx", p, (unsigned long)(probes[i] - a),
                 (unsigned long)begin);
  }
  cr_assert_eq(ffs_chunk_begin(m), a);
  cr_assert_geq(ffs_chunk_usable(m), size);
}

static void expect_live(const void *p, size_t size, int family) {
  ffs_chunk *m = chunk_of(p);
  cr_assert_eq(m->state, FFS_CHUNK_LIVE, "%p state %d", p, m->state);
  cr_assert_eq(m->family, family, "%p family %d, want %d", p, m->family, family);
  cr_assert_eq(m->size, size, "%p size %lu, want %zu", p, (unsigned long)m->size, size);
  cr_assert_neq(m->alloc_stack, 0, "%p has no allocation stack", p);
  cr_assert_eq(m->free_stack, 0);
  cr_assert_eq(m->alloc_tid, ffs_current_tid());
  cr_assert_eq(m->flags & FFS_CF_INTERNAL, 0, "a test allocation is not internal");
  expect_lookup(p, size, m);
}

/* ------------------------------------------------------------ records */

Test(heap, record_after_ffs_allocate) {
  void *p = ffs_allocate(100, 16, FFS_FAM_MALLOC, false, false, RET);
  cr_assert_not_null(p);
  expect_live(p, 100, FFS_FAM_MALLOC);
  ffs_chunk *m = chunk_of(p);
  cr_assert_eq(m->flags & FFS_CF_ALIGNED, 0);
  const uintptr_t *pcs;
  int n = ffs_depot_get(m->alloc_stack, &pcs);
  cr_assert(n >= 1 && n <= 30, "allocation stack has %d frames", n);
  ffs_release(p, FFS_REL_FREE, RET);
  cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);

  void *q = ffs_allocate(24, 16, FFS_FAM_NEW, false, false, RET);
  expect_live(q, 24, FFS_FAM_NEW);
  ffs_release(q, FFS_REL_DELETE, RET);
  cr_assert_eq(chunk_of(q)->free_kind, FFS_REL_DELETE);

  void *r = ffs_allocate(24, 16, FFS_FAM_NEW_ARRAY, false, true, RET);
  expect_live(r, 24, FFS_FAM_NEW_ARRAY);
  ffs_release(r, FFS_REL_DELETE_ARRAY, RET);
}

Test(heap, record_after_public_malloc) {
  char *p = malloc(37);
  cr_assert_not_null(p);
  memset(p, 0x5a, 37);
  expect_live(p, 37, FFS_FAM_MALLOC);
  free(p);
}

Test(heap, malloc_context_size_bounds_stack) {
  ffs_flags.malloc_context_size = 2;
  void *p = malloc(40);
  const uintptr_t *pcs;
  int n = ffs_depot_get(chunk_of(p)->alloc_stack, &pcs);
  cr_assert(n >= 1 && n <= 2, "%d frames with malloc_context_size=2", n);
  free(p);
  n = ffs_depot_get(chunk_of(p)->free_stack, &pcs);
  cr_assert(n >= 1 && n <= 2, "%d release frames with malloc_context_size=2", n);
}

typedef struct {
  void *p;
  uint16_t tid;
} thread_alloc;

static void *alloc_in_thread(void *arg) {
  thread_alloc *a = arg;
  a->p = malloc(64);
  a->tid = ffs_current_tid();
  return NULL;
}

static void *free_in_thread(void *arg) {
  thread_alloc *a = arg;
  free(a->p);
  a->tid = ffs_current_tid();
  return NULL;
}

Test(heap, thread_ids_in_records) {
  thread_alloc a = {0}, f = {0};
  pthread_t t;
  cr_assert_eq(pthread_create(&t, NULL, alloc_in_thread, &a), 0);
  pthread_join(t, NULL);
  cr_assert_not_null(a.p);
  cr_assert_neq(a.tid, ffs_current_tid(), "a new thread has its own number");
  ffs_chunk *m = chunk_of(a.p);
  cr_assert_eq(m->state, FFS_CHUNK_LIVE);
  cr_assert_eq(m->alloc_tid, a.tid);
  f.p = a.p;
  cr_assert_eq(pthread_create(&t, NULL, free_in_thread, &f), 0);
  pthread_join(t, NULL);
  cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);
  cr_assert_eq(m->free_tid, f.tid);
  cr_assert_neq(f.tid, a.tid);
  cr_assert_eq(m->alloc_tid, a.tid, "release keeps the allocating thread");
}

Test(heap, record_after_free) {
  char *p = malloc(200);
  ffs_chunk *m = chunk_of(p);
  uint32_t alloc_stack = m->alloc_stack;
  free(p);
  cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);
  cr_assert_neq(m->free_stack, 0);
  cr_assert_eq(m->free_tid, ffs_current_tid());
  cr_assert_eq(m->free_kind, FFS_REL_FREE);
  cr_assert_eq(m->alloc_stack, alloc_stack, "release keeps the allocation stack");
  cr_assert_eq(m->size, 200, "release keeps the size");
  cr_assert_eq(m->family, FFS_FAM_MALLOC);
  /* The freed block is still found from every byte. */
  expect_lookup(p, 200, m);
  cr_assert_eq(malloc_usable_size(p), 0, "no usable size for a released block");
}

Test(heap, not_in_heap) {
  int local;
  static int global;
  uintptr_t begin;
  cr_assert_null(ffs_find_chunk((uintptr_t)&local, &begin));
  cr_assert_null(ffs_find_chunk((uintptr_t)&global, &begin));
  cr_assert_null(ffs_find_chunk(0, &begin));
  cr_assert_null(ffs_find_chunk((uintptr_t)&ffs_find_chunk, &begin));
  uintptr_t lo, hi;
  ffs_heap_range(&lo, &hi);
  cr_assert_lt(lo, hi);
  cr_assert_null(ffs_find_chunk(lo, &begin), "class 0 holds no chunks");
  cr_assert_null(ffs_find_chunk(hi - 16, &begin));
}

/* Neighbouring blocks of one size class have distinct records. */
Test(heap, neighbours_have_own_records) {
  enum { N = 64 };
  char *p[N];
  for (int i = 0; i < N; i++) {
    p[i] = malloc(48);
    memset(p[i], i, 48);
  }
  for (int i = 0; i < N; i++) {
    ffs_chunk *m = chunk_of(p[i]);
    expect_lookup(p[i], 48, m);
    for (int j = 0; j < i; j++) cr_assert_neq(chunk_of(p[j]), m);
  }
  /* One past the end of a block is not that block. */
  uintptr_t begin;
  ffs_chunk *m0 = chunk_of(p[0]);
  ffs_chunk *after = ffs_find_chunk((uintptr_t)p[0] + ffs_chunk_usable(m0), &begin);
  cr_assert(after != m0 || begin != (uintptr_t)p[0]);
  for (int i = 0; i < N; i++) {
    for (int k = 0; k < 48; k++) cr_assert_eq(p[i][k], (char)i, "block %d byte %d", i, k);
    free(p[i]);
  }
}

/* ------------------------------------------------------------ sizes */

Test(heap, every_size_up_to_4k_is_found) {
  for (size_t n = 1; n <= 4096; n += (n < 300 ? 1 : 37)) {
    unsigned char *p = malloc(n);
    cr_assert_not_null(p);
    cr_assert_eq((uintptr_t)p % 16, 0, "malloc(%zu) = %p not 16-aligned", n, p);
    memset(p, 0xee, n);
    ffs_chunk *m = chunk_of(p);
    cr_assert_eq(m->size, n);
    expect_lookup(p, n, m);
    cr_assert_eq(malloc_usable_size(p), n);
    free(p);
  }
}

Test(heap, class_boundaries) {
  /* Sizes on both sides of every size class edge up to the large threshold. */
  for (size_t edge = 256; edge <= (128u << 10); edge += edge / 4) {
    size_t sizes[] = {edge - 1, edge, edge + 1};
    for (int i = 0; i < 3; i++) {
      char *p = malloc(sizes[i]);
      cr_assert_not_null(p);
      p[0] = 1;
      p[sizes[i] - 1] = 2;
      ffs_chunk *m = chunk_of(p);
      cr_assert_eq(m->size, sizes[i]);
      expect_lookup(p, sizes[i], m);
      free(p);
    }
  }
}

Test(heap, large_blocks_found_from_interior) {
  size_t sizes[] = {(128u << 10) + 1, (size_t)1 << 20, (size_t)64 << 20};
  for (int i = 0; i < 3; i++) {
    size_t n = sizes[i];
    unsigned char *p = malloc(n);
    cr_assert_not_null(p, "malloc(%zu)", n);
    p[0] = 0xa1;
    p[n / 2] = 0xa2;
    p[n - 1] = 0xa3;
    expect_live(p, n, FFS_FAM_MALLOC);
    ffs_chunk *m = chunk_of(p);
    for (size_t off = 0; off < n; off += n / 97 + 1) {
      uintptr_t begin;
      cr_assert_eq(ffs_find_chunk((uintptr_t)p + off, &begin), m, "%zu + %zu", n, off);
      cr_assert_eq(begin, (uintptr_t)p);
    }
    cr_assert_eq(malloc_usable_size(p), n);
    free(p);
    cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);
    expect_lookup(p, n, m);
  }
}

Test(heap, several_large_blocks_each_found) {
  enum { N = 40 };
  char *p[N];
  size_t n[N];
  for (int i = 0; i < N; i++) {
    n[i] = (200u << 10) + (size_t)i * 12345;
    p[i] = malloc(n[i]);
    cr_assert_not_null(p[i]);
  }
  for (int i = 0; i < N; i++) expect_live(p[i], n[i], FFS_FAM_MALLOC);
  for (int i = 0; i < N; i += 2) free(p[i]);
  for (int i = 1; i < N; i += 2) expect_live(p[i], n[i], FFS_FAM_MALLOC);
  for (int i = 1; i < N; i += 2) free(p[i]);
}

Test(heap, large_block_unmapped_without_quarantine) {
  ffs_flags.quarantine_size_mb = 0;
  size_t n = (size_t)4 << 20;
  char *p = malloc(n);
  cr_assert_not_null(p);
  expect_live(p, n, FFS_FAM_MALLOC);
  free(p);
  uintptr_t begin;
  cr_assert_null(ffs_find_chunk((uintptr_t)p + n / 2, &begin),
                 "a recycled large block is forgotten");
}

Test(heap, malloc_zero_unique) {
  void *p = malloc(0), *q = malloc(0);
  cr_assert_not_null(p);
  cr_assert_not_null(q);
  cr_assert_neq(p, q);
  ffs_chunk *mp = chunk_of(p), *mq = chunk_of(q);
  cr_assert_neq(mp, mq);
  cr_assert_eq(mp->state, FFS_CHUNK_LIVE);
  cr_assert_eq(mp->size, 0);
  cr_assert_eq(malloc_usable_size(p), 0);
  free(p);
  free(q);
  cr_assert_eq(mp->state, FFS_CHUNK_QUARANTINED);
  cr_assert_eq(mq->state, FFS_CHUNK_QUARANTINED);
}

Test(heap, usable_size_is_requested_size) {
  size_t sizes[] = {1, 13, 16, 17, 100, 1000, 4097, 70000, 300000};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    void *p = malloc(sizes[i]);
    cr_assert_eq(malloc_usable_size(p), sizes[i]);
    free(p);
  }
  cr_assert_eq(malloc_usable_size(NULL), 0);
  void *p = malloc(64);
  cr_assert_eq(malloc_usable_size((char *)p + 16), 0, "interior pointer");
  free(p);
}

/* ------------------------------------------------------------ alignment */

static void check_aligned(void *p, size_t align, size_t n) {
  cr_assert_not_null(p, "align %zu size %zu", align, n);
  cr_assert_eq((uintptr_t)p % align, 0, "%p not aligned to %zu", p, align);
  memset(p, 0xcd, n);
  ffs_chunk *m = chunk_of(p);
  cr_assert_eq(m->state, FFS_CHUNK_LIVE);
  cr_assert_eq(m->size, n);
  cr_assert_eq(m->family, FFS_FAM_MALLOC);
  cr_assert_neq(m->flags & FFS_CF_ALIGNED, 0, "aligned flag");
  cr_assert_neq(m->alloc_stack, 0);
  expect_lookup(p, n, m);
  cr_assert_eq(malloc_usable_size(p), n);
}

Test(heap, posix_memalign_alignments) {
  size_t sizes[] = {1, 24, 100, 4096, 70000};
  for (size_t align = 16; align <= 65536; align *= 2)
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
      void *p = NULL;
      cr_assert_eq(posix_memalign(&p, align, sizes[i]), 0);
      check_aligned(p, align, sizes[i]);
      free(p);
    }
  void *p = (void *)1;
  cr_assert_eq(posix_memalign(&p, 24, 10), EINVAL);
  cr_assert_eq(posix_memalign(&p, 4, 10), EINVAL, "less than sizeof(void*)");
  cr_assert_eq(p, (void *)1, "out untouched on error");
}

Test(heap, aligned_alloc_and_memalign) {
  for (size_t align = 16; align <= 65536; align *= 2) {
    void *p = aligned_alloc(align, 3 * align);
    check_aligned(p, align, 3 * align);
    void *q = memalign(align, 77);
    check_aligned(q, align, 77);
    /* Different blocks of the same alignment do not overlap. */
    cr_assert((char *)q >= (char *)p + 3 * align || (char *)q + 77 <= (char *)p);
    free(p);
    free(q);
  }
  errno = 0;
  cr_assert_null(aligned_alloc(3, 10));
  cr_assert_eq(errno, EINVAL);
  void *r = memalign(24, 10); /* rounded up to 32, like glibc */
  check_aligned(r, 32, 10);
  free(r);
}

Test(heap, large_aligned_blocks) {
  size_t aligns[] = {16, 4096, 65536, (size_t)1 << 20, (size_t)4 << 20};
  size_t sizes[] = {(128u << 10) + 1, 200000, (size_t)3 << 20};
  for (size_t a = 0; a < sizeof aligns / sizeof aligns[0]; a++)
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
      void *p = NULL;
      cr_assert_eq(posix_memalign(&p, aligns[a], sizes[s]), 0);
      check_aligned(p, aligns[a], sizes[s]);
      free(p);
    }
  /* Just under the large threshold but pushed over it by the alignment. */
  void *p = aligned_alloc(65536, 100000);
  check_aligned(p, 65536, 100000);
  free(p);
  p = valloc(5000);
  check_aligned(p, 4096, 5000);
  free(p);
}

/* ------------------------------------------------------------ calloc */

Test(heap, calloc_zeroes_recycled_block) {
  ffs_flags.quarantine_size_mb = 0; /* the freed block is reusable at once */
  size_t sizes[] = {64, 1000, 100000};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    size_t n = sizes[i];
    unsigned char *p = malloc(n);
    memset(p, 0xab, n);
    free(p);
    unsigned char *q = calloc(1, n);
    cr_assert_eq(q, p, "size %zu: the recycled block should be handed out again", n);
    for (size_t k = 0; k < n; k++) cr_assert_eq(q[k], 0, "calloc(%zu) byte %zu = %#x", n, k, q[k]);
    expect_live(q, n, FFS_FAM_MALLOC);
    free(q);
  }
}

Test(heap, calloc_sizes) {
  unsigned char *p = calloc(1000, 3);
  cr_assert_not_null(p);
  for (int k = 0; k < 3000; k++) cr_assert_eq(p[k], 0);
  expect_live(p, 3000, FFS_FAM_MALLOC);
  free(p);
  p = calloc(0, 5);
  cr_assert_not_null(p);
  cr_assert_eq(chunk_of(p)->size, 0);
  free(p);
}

Test(heap, overflow_and_huge_requests_fail_with_enomem) {
  errno = 0;
  cr_assert_null(calloc(v_size_max, 2));
  cr_assert_eq(errno, ENOMEM);
  errno = 0;
  cr_assert_null(calloc(v_size_max / 2 + 1, 2));
  cr_assert_eq(errno, ENOMEM);
  errno = 0;
  cr_assert_null(malloc(v_size_max));
  cr_assert_eq(errno, ENOMEM);
  errno = 0;
  cr_assert_null(malloc(v_size_max - 4096));
  cr_assert_eq(errno, ENOMEM);
  errno = 0;
  cr_assert_null(malloc((size_t)1 << 62), "4 EiB cannot be mapped");
  cr_assert_eq(errno, ENOMEM);
  void *p = (void *)1;
  cr_assert_eq(posix_memalign(&p, 64, v_size_max), ENOMEM);
  errno = 0;
  cr_assert_null(aligned_alloc(4096, v_size_max - 100));
  cr_assert_eq(errno, ENOMEM);
  errno = 0;
  cr_assert_null(reallocarray(NULL, v_size_max, 3));
  cr_assert_eq(errno, ENOMEM);
  /* The heap still works. */
  void *q = malloc(10);
  cr_assert_not_null(q);
  free(q);
}

/* ------------------------------------------------------------ realloc */

static void fill(unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed + i * 31);
}

static void expect_fill(const unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++)
    cr_assert_eq(p[i], (unsigned char)(seed + i * 31), "byte %zu of %zu", i, n);
}

Test(heap, realloc_grow_and_shrink_keep_content) {
  /* small -> small -> large -> larger -> small -> tiny */
  size_t steps[] = {100, 3000, 300000, (size_t)2 << 20, 5000, 7};
  unsigned char *p = malloc(40);
  fill(p, 40, 9);
  size_t cur = 40;
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    unsigned char *old = p;
    ffs_chunk *om = chunk_of(old);
    p = realloc(p, steps[i]);
    cr_assert_not_null(p, "realloc to %zu", steps[i]);
    size_t keep = cur < steps[i] ? cur : steps[i];
    expect_fill(p, keep, 9);
    expect_live(p, steps[i], FFS_FAM_MALLOC);
    if (p != old) {
      cr_assert_eq(om->state, FFS_CHUNK_QUARANTINED, "old block released by realloc");
      cr_assert_eq(om->free_kind, FFS_REL_REALLOC);
      cr_assert_neq(om->free_stack, 0);
    }
    fill(p, steps[i], 9);
    cur = steps[i];
  }
  free(p);
}

Test(heap, realloc_null_is_malloc) {
  void *p = realloc(NULL, 123);
  cr_assert_not_null(p);
  expect_live(p, 123, FFS_FAM_MALLOC);
  free(p);
}

Test(heap, realloc_zero_frees) {
  void *p = malloc(50);
  ffs_chunk *m = chunk_of(p);
  cr_assert_null(realloc(p, 0));
  cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);
  cr_assert_eq(m->free_kind, FFS_REL_FREE);
  cr_assert_neq(m->free_stack, 0);
}

Test(heap, realloc_failure_keeps_block) {
  unsigned char *p = malloc(64);
  fill(p, 64, 3);
  errno = 0;
  cr_assert_null(realloc(p, v_size_max - 8));
  cr_assert_eq(errno, ENOMEM);
  expect_live(p, 64, FFS_FAM_MALLOC);
  expect_fill(p, 64, 3);
  free(p);
}

Test(heap, ffs_reallocate_keeps_family) {
  void *p = ffs_allocate(32, 16, FFS_FAM_RUST, false, false, RET);
  fill(p, 32, 1);
  void *q = ffs_reallocate(p, 4000, 16, FFS_REL_RUST_REALLOC, RET);
  cr_assert_not_null(q);
  expect_fill(q, 32, 1);
  expect_live(q, 4000, FFS_FAM_RUST);
  cr_assert_eq(chunk_of(p)->free_kind, FFS_REL_RUST_REALLOC);
  ffs_release(q, FFS_REL_RUST_DEALLOC, RET);
  cr_assert_eq(chunk_of(q)->state, FFS_CHUNK_QUARANTINED);
}

/* ------------------------------------------------------------ quarantine */

Test(heap, quarantine_delays_reuse) {
  cr_assert_gt(ffs_flags.quarantine_size_mb, 0);
  void *p = malloc(48);
  ffs_chunk *m = chunk_of(p);
  free(p);
  enum { N = 2000 };
  static void *q[N];
  for (int i = 0; i < N; i++) {
    q[i] = malloc(48);
    cr_assert_neq(q[i], p, "allocation %d reused a quarantined block", i);
  }
  cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);
  for (int i = 0; i < N; i++) free(q[i]);
}

Test(heap, no_quarantine_reuses_at_once) {
  ffs_flags.quarantine_size_mb = 0;
  void *p = malloc(48);
  ffs_chunk *m = chunk_of(p);
  free(p);
  cr_assert_eq(m->state, FFS_CHUNK_AVAILABLE);
  void *q = malloc(48);
  cr_assert_eq(q, p, "without quarantine the block is reused");
  free(q);
}

Test(heap, quarantine_is_bounded) {
  ffs_flags.quarantine_size_mb = 1;
  void *p = malloc(64);
  ffs_chunk *m = chunk_of(p);
  free(p);
  cr_assert_eq(m->state, FFS_CHUNK_QUARANTINED);
  /* Release 8 MiB more: p is the oldest entry and must have been recycled. */
  for (int i = 0; i < 128; i++) free(malloc(64 << 10));
  cr_assert_neq(m->state, FFS_CHUNK_QUARANTINED, "quarantine kept more than 1 MiB");
}

static void *free_only(void *arg) {
  free(arg);
  return NULL;
}

static void *alloc_and_free(void *arg) {
  void **out = arg;
  *out = malloc(64);
  free(*out);
  return NULL;
}

/* Blocks a thread released just before exiting leave the quarantine like
 * any other once it is over its bound, whether or not the thread ever
 * allocated (otherwise every exited thread pins up to a batch of blocks). */
Test(heap, quarantine_of_exited_thread_is_bounded) {
  ffs_flags.quarantine_size_mb = 1;
  void *p = malloc(64), *q = NULL;
  ffs_chunk *mp = chunk_of(p);
  pthread_t t;
  cr_assert_eq(pthread_create(&t, NULL, free_only, p), 0);
  pthread_join(t, NULL);
  cr_assert_eq(mp->state, FFS_CHUNK_QUARANTINED);
  cr_assert_eq(pthread_create(&t, NULL, alloc_and_free, &q), 0);
  pthread_join(t, NULL);
  ffs_chunk *mq = chunk_of(q);
  cr_assert_eq(mq->state, FFS_CHUNK_QUARANTINED);
  for (int i = 0; i < 128; i++) free(malloc(64 << 10)); /* 8 MiB more released */
  cr_assert_neq(mq->state, FFS_CHUNK_QUARANTINED,
                "block released by an exited (allocating) thread stays quarantined");
  cr_assert_neq(mp->state, FFS_CHUNK_QUARANTINED,
                "block released by an exited free-only thread stays quarantined");
}

/* ------------------------------------------------------------ threads */

#define NTHREADS 8
#define ITERS 200000
#define QCAP 256
#define KEEP_EVERY 997

typedef struct {
  pthread_mutex_t mu;
  void *slot[QCAP];
  size_t len[QCAP];
  int head, count;
} queue;

typedef struct {
  int t;
  uint16_t tid;
  void **kept;
  size_t *kept_len;
  int nkept;
  long errors;
} worker;

static queue queues[NTHREADS];
static worker workers[NTHREADS];
static pthread_barrier_t start_barrier;

static bool q_push(queue *q, void *p, size_t n) {
  pthread_mutex_lock(&q->mu);
  bool ok = q->count < QCAP;
  if (ok) {
    int i = (q->head + q->count++) % QCAP;
    q->slot[i] = p;
    q->len[i] = n;
  }
  pthread_mutex_unlock(&q->mu);
  return ok;
}

static bool q_pop(queue *q, void **p, size_t *n) {
  pthread_mutex_lock(&q->mu);
  bool ok = q->count > 0;
  if (ok) {
    *p = q->slot[q->head];
    *n = q->len[q->head];
    q->head = (q->head + 1) % QCAP;
    q->count--;
  }
  pthread_mutex_unlock(&q->mu);
  return ok;
}

/* The first bytes of a block hold its size and address, its last byte a
 * check value (when it does not overlap them); checked before release. */
#define HDR (sizeof(size_t) + sizeof(void *))
static bool has_trailer(size_t n) { return n > HDR || (n >= 2 && n < HDR); }

static void stamp(unsigned char *p, size_t n) {
  if (n >= HDR) {
    memcpy(p, &n, sizeof n);
    memcpy(p + sizeof n, &p, sizeof p);
  } else if (n) {
    p[0] = (unsigned char)n;
  }
  if (has_trailer(n)) p[n - 1] = (unsigned char)(n * 7);
}

static bool stamp_ok(const unsigned char *p, size_t n) {
  if (n >= HDR) {
    size_t got;
    const unsigned char *self;
    memcpy(&got, p, sizeof got);
    memcpy(&self, p + sizeof got, sizeof self);
    if (got != n || self != p) return false;
  } else if (n && p[0] != (unsigned char)n) {
    return false;
  }
  return !has_trailer(n) || p[n - 1] == (unsigned char)(n * 7);
}

static bool record_ok(void *p, size_t n) {
  uintptr_t begin;
  ffs_chunk *m = ffs_find_chunk((uintptr_t)p, &begin);
  return m && begin == (uintptr_t)p && m->state == FFS_CHUNK_LIVE && m->size == n &&
         m->family == FFS_FAM_MALLOC && m->alloc_stack;
}

static size_t pick_size(uint64_t *rng) {
  *rng ^= *rng << 13;
  *rng ^= *rng >> 7;
  *rng ^= *rng << 17;
  uint64_t r = *rng;
  if (r % 4096 == 0) return (128u << 10) + r % (256u << 10); /* occasional large */
  if (r % 16 == 0) return r % 16384;
  return r % 512;
}

static void *stress_worker(void *arg) {
  worker *w = arg;
  w->tid = ffs_current_tid();
  uint64_t rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(w->t + 1);
  queue *mine = &queues[w->t], *next = &queues[(w->t + 1) % NTHREADS];
  pthread_barrier_wait(&start_barrier);
  for (int i = 0; i < ITERS; i++) {
    size_t n = pick_size(&rng);
    unsigned char *p = malloc(n);
    if (!p) {
      w->errors++;
      continue;
    }
    stamp(p, n);
    if (i % KEEP_EVERY == 0) {
      w->kept[w->nkept] = p;
      w->kept_len[w->nkept++] = n;
    } else if (!q_push(next, p, n)) { /* consumer behind: release it here */
      if (!stamp_ok(p, n) || !record_ok(p, n)) w->errors++;
      free(p);
    }
    void *c;
    size_t cn;
    if (q_pop(mine, &c, &cn)) { /* a block made by the previous thread */
      if (!stamp_ok(c, cn) || !record_ok(c, cn)) w->errors++;
      free(c);
    }
  }
  return NULL;
}

typedef struct {
  void **held;
  size_t nheld;
  uint16_t tids[NTHREADS];
  size_t live_from_workers, unknown;
} live_scan;

static int cmp_ptr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return x < y ? -1 : x > y;
}

static void count_live(ffs_chunk *m, uintptr_t begin, void *arg) {
  live_scan *s = arg;
  bool from_worker = false;
  for (int t = 0; t < NTHREADS; t++) from_worker |= m->alloc_tid == s->tids[t];
  if (!from_worker || (m->flags & FFS_CF_INTERNAL)) return;
  s->live_from_workers++;
  if (!bsearch(&begin, s->held, s->nheld, sizeof *s->held, cmp_ptr)) s->unknown++;
}

Test(heap, threads_producer_consumer, .timeout = 60) {
  /* Plenty of quarantine churn but bounded memory. */
  ffs_flags.quarantine_size_mb = 32;
  cr_assert_eq(pthread_barrier_init(&start_barrier, NULL, NTHREADS), 0);
  pthread_t th[NTHREADS];
  for (int t = 0; t < NTHREADS; t++) {
    pthread_mutex_init(&queues[t].mu, NULL);
    workers[t] = (worker){.t = t};
    workers[t].kept = malloc((ITERS / KEEP_EVERY + 1) * sizeof(void *));
    workers[t].kept_len = malloc((ITERS / KEEP_EVERY + 1) * sizeof(size_t));
    cr_assert_not_null(workers[t].kept);
    cr_assert_not_null(workers[t].kept_len);
  }
  for (int t = 0; t < NTHREADS; t++)
    cr_assert_eq(pthread_create(&th[t], NULL, stress_worker, &workers[t]), 0);
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);

  /* What the test holds: kept blocks and blocks still queued. */
  size_t total = 0;
  for (int t = 0; t < NTHREADS; t++) {
    cr_assert_eq(workers[t].errors, 0, "thread %d saw %ld bad blocks", t, workers[t].errors);
    total += (size_t)workers[t].nkept + (size_t)queues[t].count;
  }
  live_scan s = {.held = malloc(total * sizeof(void *))};
  cr_assert_not_null(s.held);
  for (int t = 0; t < NTHREADS; t++) {
    s.tids[t] = workers[t].tid;
    for (int t2 = 0; t2 < t; t2++) cr_assert_neq(s.tids[t], s.tids[t2], "thread numbers");
    for (int k = 0; k < workers[t].nkept; k++) {
      void *p = workers[t].kept[k];
      size_t n = workers[t].kept_len[k];
      cr_assert(stamp_ok(p, n), "kept block %p (%zu bytes) corrupted", p, n);
      cr_assert(record_ok(p, n), "kept block %p (%zu bytes) has a bad record", p, n);
      cr_assert_eq(chunk_of(p)->alloc_tid, workers[t].tid);
      s.held[s.nheld++] = p;
    }
    queue *q = &queues[t];
    for (int k = 0; k < q->count; k++) {
      int i = (q->head + k) % QCAP;
      cr_assert(stamp_ok(q->slot[i], q->len[i]), "queued block corrupted");
      cr_assert(record_ok(q->slot[i], q->len[i]), "queued block has a bad record");
      s.held[s.nheld++] = q->slot[i];
    }
  }
  qsort(s.held, s.nheld, sizeof *s.held, cmp_ptr);
  for (size_t i = 1; i < s.nheld; i++)
    cr_assert_neq(s.held[i - 1], s.held[i], "one block held twice");

  ffs_for_each_live_chunk(count_live, &s);
  cr_assert_eq(s.unknown, 0, "%zu live blocks from workers that the test does not hold",
               s.unknown);
  cr_assert_eq(s.live_from_workers, s.nheld, "live blocks from workers %zu, test holds %zu",
               s.live_from_workers, s.nheld);

  /* Release everything: no worker block stays live. */
  for (size_t i = 0; i < s.nheld; i++) free(s.held[i]);
  s.live_from_workers = s.unknown = 0;
  size_t nheld = s.nheld;
  s.nheld = 0;
  ffs_for_each_live_chunk(count_live, &s);
  cr_assert_eq(s.live_from_workers, 0, "%zu worker blocks still live after freeing %zu",
               s.live_from_workers, nheld);
  for (int t = 0; t < NTHREADS; t++) {
    free(workers[t].kept);
    free(workers[t].kept_len);
  }
  free(s.held);
}
