/* Unit tests for runtime/depot.c: round trips, deduplication, id 0, full
 * 64-frame stacks, 100k distinct stacks, and concurrent inserts of
 * overlapping stack sets from 8 threads.
 *
 * The depot is a process-wide singleton that the runtime initialises on the
 * first allocation (ffs_ensure_init -> ffs_depot_init), long before a test
 * body runs, and the runtime keeps putting malloc stacks into it meanwhile.
 * Calling ffs_depot_init() a second time would swap in fresh tables under
 * those concurrent users, so the tests only make sure initialisation
 * happened. Synthetic PCs below use a tag in the high bits that no real
 * return address carries, so they never collide with the runtime's stacks. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "depot.h"
#include "init.h"

#define TAG ((uintptr_t)0x7e57 << 48)

static void setup(void) {
  ffs_ensure_init();
  /* The depot must be live: a put of a fresh stack yields a nonzero id. */
  uintptr_t pc = TAG | 0xffffff;
  cr_assert_neq(ffs_depot_put(&pc, 1), 0, "depot not initialised");
}

TestSuite(depot, .init = setup);

static void make_stack(uintptr_t *pcs, int n, uint64_t seed) {
  for (int i = 0; i < n; i++)
    pcs[i] = TAG | ((seed * 0x9e3779b97f4a7c15ULL + (uint64_t)i * 0x1000193) & 0xffffffffffffULL);
}

static void expect_stack(uint32_t id, const uintptr_t *pcs, int n) {
  const uintptr_t *got = NULL;
  int m = ffs_depot_get(id, &got);
  cr_assert_eq(m, n, "id %u: %d frames, want %d", id, m, n);
  cr_assert_not_null(got);
  for (int i = 0; i < n; i++)
    cr_assert_eq(got[i], pcs[i], "id %u frame %d: %#lx, want %#lx", id, i,
                 (unsigned long)got[i], (unsigned long)pcs[i]);
}

Test(depot, round_trip) {
  uintptr_t pcs[5] = {TAG | 0x401000, TAG | 0x401234, TAG | 0x7f0000001000, TAG | 1,
                      TAG | 0x55};
  uint32_t id = ffs_depot_put(pcs, 5);
  cr_assert_neq(id, 0);
  expect_stack(id, pcs, 5);
  /* The depot copied the frames: changing the caller's array changes nothing. */
  uintptr_t saved[5];
  memcpy(saved, pcs, sizeof pcs);
  pcs[2] = 0;
  expect_stack(id, saved, 5);
}

Test(depot, identical_stacks_same_id) {
  uintptr_t a[8], b[8];
  make_stack(a, 8, 1);
  memcpy(b, a, sizeof a); /* equal contents, different array */
  uint32_t ia = ffs_depot_put(a, 8);
  uint32_t ib = ffs_depot_put(b, 8);
  cr_assert_neq(ia, 0);
  cr_assert_eq(ia, ib);
  cr_assert_eq(ffs_depot_put(a, 8), ia, "a third put of the same stack");
}

Test(depot, different_stacks_different_ids) {
  uintptr_t a[8], b[8];
  make_stack(a, 8, 2);
  memcpy(b, a, sizeof a);
  b[7] ^= 1; /* differs only in the last frame */
  uint32_t ia = ffs_depot_put(a, 8), ib = ffs_depot_put(b, 8);
  cr_assert_neq(ia, ib);
  /* A prefix is a different stack. */
  uint32_t ip = ffs_depot_put(a, 7);
  cr_assert_neq(ip, ia);
  cr_assert_neq(ip, ib);
  expect_stack(ip, a, 7);
  expect_stack(ia, a, 8);
  expect_stack(ib, b, 8);
  /* Same frames in another order. */
  uintptr_t r[8];
  for (int i = 0; i < 8; i++) r[i] = a[7 - i];
  uint32_t ir = ffs_depot_put(r, 8);
  cr_assert_neq(ir, ia);
  expect_stack(ir, r, 8);
}

Test(depot, empty_stack_is_id_zero) {
  uintptr_t pc = TAG | 0x1234;
  cr_assert_eq(ffs_depot_put(&pc, 0), 0);
  cr_assert_eq(ffs_depot_put(NULL, 0), 0);
  cr_assert_eq(ffs_depot_put(&pc, -1), 0);
  const uintptr_t *got = (const uintptr_t *)1;
  cr_assert_eq(ffs_depot_get(0, &got), 0);
  cr_assert_null(got);
}

Test(depot, unknown_id_has_no_frames) {
  const uintptr_t *got = (const uintptr_t *)1;
  cr_assert_eq(ffs_depot_get(0xfffffff0u, &got), 0);
  cr_assert_null(got);
}

Test(depot, single_frame_and_zero_pcs) {
  uintptr_t one = TAG | 0xabc;
  uint32_t id1 = ffs_depot_put(&one, 1);
  expect_stack(id1, &one, 1);
  uintptr_t zeros[3] = {0, 0, 0};
  uint32_t iz = ffs_depot_put(zeros, 3);
  cr_assert_neq(iz, 0, "a stack of zero PCs is still a stack");
  expect_stack(iz, zeros, 3);
  cr_assert_neq(ffs_depot_put(zeros, 2), iz);
}

Test(depot, full_64_frame_stacks) {
  uintptr_t a[FFS_MAX_FRAMES], b[FFS_MAX_FRAMES];
  make_stack(a, FFS_MAX_FRAMES, 64);
  make_stack(b, FFS_MAX_FRAMES, 65);
  uint32_t ia = ffs_depot_put(a, FFS_MAX_FRAMES);
  uint32_t ib = ffs_depot_put(b, FFS_MAX_FRAMES);
  cr_assert_neq(ia, 0);
  cr_assert_neq(ib, 0);
  cr_assert_neq(ia, ib);
  expect_stack(ia, a, FFS_MAX_FRAMES);
  expect_stack(ib, b, FFS_MAX_FRAMES);
  cr_assert_eq(ffs_depot_put(a, FFS_MAX_FRAMES), ia);
  /* Stacks of every length 1..64 sharing a prefix are all distinct. */
  uint32_t ids[FFS_MAX_FRAMES + 1];
  for (int n = 1; n <= FFS_MAX_FRAMES; n++) {
    ids[n] = ffs_depot_put(a, n);
    cr_assert_neq(ids[n], 0);
    for (int k = 1; k < n; k++) cr_assert_neq(ids[k], ids[n], "lengths %d and %d", k, n);
  }
  for (int n = 1; n <= FFS_MAX_FRAMES; n++) expect_stack(ids[n], a, n);
}

static int cmp_u32(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

#define MANY 100000

Test(depot, many_distinct_stacks) {
  uint32_t *ids = malloc(MANY * sizeof *ids);
  uint32_t *sorted = malloc(MANY * sizeof *sorted);
  cr_assert_not_null(ids);
  cr_assert_not_null(sorted);
  uintptr_t pcs[FFS_MAX_FRAMES];
  for (int i = 0; i < MANY; i++) {
    int n = 1 + i % FFS_MAX_FRAMES;
    make_stack(pcs, n, 1000000 + (uint64_t)i);
    ids[i] = ffs_depot_put(pcs, n);
    cr_assert_neq(ids[i], 0, "stack %d", i);
  }
  for (int i = 0; i < MANY; i++) {
    int n = 1 + i % FFS_MAX_FRAMES;
    make_stack(pcs, n, 1000000 + (uint64_t)i);
    const uintptr_t *got;
    int m = ffs_depot_get(ids[i], &got);
    cr_assert_eq(m, n, "stack %d", i);
    cr_assert_eq(memcmp(got, pcs, (size_t)n * sizeof *pcs), 0, "stack %d frames differ", i);
    cr_assert_eq(ffs_depot_put(pcs, n), ids[i], "stack %d re-put", i);
  }
  memcpy(sorted, ids, MANY * sizeof *ids);
  qsort(sorted, MANY, sizeof *sorted, cmp_u32);
  for (int i = 1; i < MANY; i++)
    cr_assert_neq(sorted[i - 1], sorted[i], "two distinct stacks share id %u", sorted[i]);
  free(ids);
  free(sorted);
}

/* ------------------------------------------------------------ concurrency */

#define NTHREADS 8
#define ROUNDS 20
#define PER_ROUND 2000

typedef struct {
  int t;
  uint32_t (*ids)[PER_ROUND]; /* [ROUNDS][PER_ROUND] */
} worker_arg;

static pthread_barrier_t round_barrier;

static void *put_worker(void *p) {
  worker_arg *a = p;
  uintptr_t pcs[FFS_MAX_FRAMES];
  for (int r = 0; r < ROUNDS; r++) {
    /* All threads start a round together and insert the same fresh stacks:
     * most inserts race with an insert of the identical stack. Odd threads
     * walk the set backwards so they also meet the others midway. */
    pthread_barrier_wait(&round_barrier);
    for (int k = 0; k < PER_ROUND; k++) {
      int i = (a->t & 1) ? PER_ROUND - 1 - k : k;
      int n = 1 + (i * 7 + r) % 24;
      make_stack(pcs, n, 5000000 + (uint64_t)r * PER_ROUND + (uint64_t)i);
      a->ids[r][i] = ffs_depot_put(pcs, n);
    }
  }
  return NULL;
}

Test(depot, concurrent_puts_consistent_ids) {
  static uint32_t ids[NTHREADS][ROUNDS][PER_ROUND];
  pthread_t th[NTHREADS];
  worker_arg args[NTHREADS];
  cr_assert_eq(pthread_barrier_init(&round_barrier, NULL, NTHREADS), 0);
  for (int t = 0; t < NTHREADS; t++) {
    args[t] = (worker_arg){t, ids[t]};
    cr_assert_eq(pthread_create(&th[t], NULL, put_worker, &args[t]), 0);
  }
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  pthread_barrier_destroy(&round_barrier);

  static uint32_t all[ROUNDS * PER_ROUND];
  uintptr_t pcs[FFS_MAX_FRAMES];
  for (int r = 0; r < ROUNDS; r++)
    for (int i = 0; i < PER_ROUND; i++) {
      uint32_t id = ids[0][r][i];
      cr_assert_neq(id, 0, "round %d stack %d", r, i);
      for (int t = 1; t < NTHREADS; t++)
        cr_assert_eq(ids[t][r][i], id, "round %d stack %d: thread %d got %u, thread 0 got %u",
                     r, i, t, ids[t][r][i], id);
      int n = 1 + (i * 7 + r) % 24;
      make_stack(pcs, n, 5000000 + (uint64_t)r * PER_ROUND + (uint64_t)i);
      expect_stack(id, pcs, n);
      cr_assert_eq(ffs_depot_put(pcs, n), id);
      all[r * PER_ROUND + i] = id;
    }
  qsort(all, ROUNDS * PER_ROUND, sizeof *all, cmp_u32);
  for (int i = 1; i < ROUNDS * PER_ROUND; i++)
    cr_assert_neq(all[i - 1], all[i], "two distinct stacks share id %u", all[i]);
}

/* Lock-step variant: a spinning barrier releases all running threads at the
 * same instant, and they all insert the same fresh 64-frame stack, so
 * inserts of one stack really overlap (the CAS-retry path). */
#define LOCKSTEP_ROUNDS 20000

static struct {
  int arrived;
  int generation;
} spin_barrier;

static void spin_wait(void) {
  int gen = __atomic_load_n(&spin_barrier.generation, __ATOMIC_ACQUIRE);
  if (__atomic_add_fetch(&spin_barrier.arrived, 1, __ATOMIC_ACQ_REL) == NTHREADS) {
    __atomic_store_n(&spin_barrier.arrived, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&spin_barrier.generation, gen + 1, __ATOMIC_RELEASE);
    return;
  }
  for (unsigned spins = 0; __atomic_load_n(&spin_barrier.generation, __ATOMIC_ACQUIRE) == gen;
       spins++)
    if (spins > 200) sched_yield();
}

static uint32_t lockstep_ids[NTHREADS][LOCKSTEP_ROUNDS];

static void lockstep_stack(uintptr_t *pcs, int r) {
  make_stack(pcs, FFS_MAX_FRAMES, 90000000 + (uint64_t)r);
}

static void *lockstep_worker(void *p) {
  int t = (int)(intptr_t)p;
  uintptr_t pcs[FFS_MAX_FRAMES];
  for (int r = 0; r < LOCKSTEP_ROUNDS; r++) {
    lockstep_stack(pcs, r);
    spin_wait();
    lockstep_ids[t][r] = ffs_depot_put(pcs, FFS_MAX_FRAMES);
  }
  return NULL;
}

Test(depot, concurrent_puts_of_one_stack_lockstep) {
  pthread_t th[NTHREADS];
  for (int t = 0; t < NTHREADS; t++)
    cr_assert_eq(pthread_create(&th[t], NULL, lockstep_worker, (void *)(intptr_t)t), 0);
  for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
  uintptr_t pcs[FFS_MAX_FRAMES];
  for (int r = 0; r < LOCKSTEP_ROUNDS; r++) {
    uint32_t id = lockstep_ids[0][r];
    cr_assert_neq(id, 0, "round %d", r);
    for (int t = 1; t < NTHREADS; t++)
      cr_assert_eq(lockstep_ids[t][r], id, "round %d: thread %d got id %u, thread 0 got %u", r,
                   t, lockstep_ids[t][r], id);
    lockstep_stack(pcs, r);
    expect_stack(id, pcs, FFS_MAX_FRAMES);
  }
}
