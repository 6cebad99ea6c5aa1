/* depot.c — the stack depot: a hash table of 2^20 buckets whose lists are
 * pushed with CAS; nodes come from a bump arena in one reserved range, so a
 * node's id is its offset / 8 and ids fit in 32 bits. */
#include "depot.h"

#define BUCKETS ((size_t)1 << 20)
#define ARENA_SIZE ((size_t)8 << 30)

typedef struct node {
  struct node *next;
  uint64_t hash;
  uint32_t n, pad;
  uintptr_t pcs[];
} node;

static node **buckets;
static char *arena;
static size_t arena_used = 8; /* offset 0 is id 0 = "no stack" */
static int arena_full_warned;

void ffs_depot_init(void) {
  buckets = ffs_mmap(BUCKETS * sizeof(node *));
  arena = ffs_mmap(ARENA_SIZE);
}

static uint64_t hash_pcs(const uintptr_t *pcs, int n) {
  uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)n;
  for (int i = 0; i < n; i++) {
    h ^= pcs[i];
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
  }
  return h;
}

static bool same(const node *x, uint64_t h, const uintptr_t *pcs, int n) {
  if (x->hash != h || x->n != (uint32_t)n) return false;
  for (int i = 0; i < n; i++)
    if (x->pcs[i] != pcs[i]) return false;
  return true;
}

static uint32_t id_of(const node *x) { return (uint32_t)(((const char *)x - arena) >> 3); }

uint32_t ffs_depot_put(const uintptr_t *pcs, int n) {
  if (n <= 0 || !buckets || !arena) return 0;
  uint64_t h = hash_pcs(pcs, n);
  node **slot = &buckets[h & (BUCKETS - 1)];
  node *head = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  for (node *x = head; x; x = x->next)
    if (same(x, h, pcs, n)) return id_of(x);
  size_t bytes = (sizeof(node) + (size_t)n * sizeof(uintptr_t) + 7) & ~(size_t)7;
  size_t off = __atomic_fetch_add(&arena_used, bytes, __ATOMIC_RELAXED);
  if (off + bytes > ARENA_SIZE) {
    if (!__atomic_exchange_n(&arena_full_warned, 1, __ATOMIC_RELAXED))
      ffs_warn("WARNING: stack depot is full; new stacks are no longer recorded");
    return 0;
  }
  node *x = (node *)(arena + off);
  x->hash = h;
  x->n = (uint32_t)n;
  ffs_memcpy(x->pcs, pcs, (size_t)n * sizeof(uintptr_t));
  for (;;) {
    x->next = head;
    if (__atomic_compare_exchange_n(slot, &head, x, false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
      return id_of(x);
    for (node *y = head; y && y != x->next; y = y->next) /* someone raced us */
      if (same(y, h, pcs, n)) return id_of(y);
  }
}

int ffs_depot_get(uint32_t id, const uintptr_t **pcs) {
  if (!id || !arena || ((size_t)id << 3) >= __atomic_load_n(&arena_used, __ATOMIC_RELAXED)) {
    *pcs = NULL;
    return 0;
  }
  node *x = (node *)(arena + ((size_t)id << 3));
  *pcs = x->pcs;
  return (int)x->n;
}
