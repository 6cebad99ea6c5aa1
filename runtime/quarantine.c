/* quarantine.c — per-thread batches of released chunk records, moved to one
 * global FIFO every LOCAL_LIMIT bytes (the only lock, taken once per batch);
 * the oldest batches are recycled once the FIFO exceeds quarantine_size_mb. */
#include "quarantine.h"
#include "flags.h"
#include "internal_alloc.h"

#define BATCH_ITEMS 1021
#define LOCAL_LIMIT ((size_t)1 << 20)

typedef struct batch {
  struct batch *next;
  size_t bytes;
  uint32_t count;
  ffs_chunk *items[BATCH_ITEMS];
} batch;

typedef struct { batch *head, *tail; size_t bytes; } fifo;

static FFS_TLS fifo local;
static FFS_TLS int local_disabled; /* thread is exiting: go global directly */
static fifo global;
static ffs_spinlock global_lock = FFS_SPINLOCK_INIT;

static void fifo_append(fifo *dst, fifo *src) {
  if (!src->head) return;
  if (dst->tail) dst->tail->next = src->head;
  else dst->head = src->head;
  dst->tail = src->tail;
  dst->bytes += src->bytes;
  *src = (fifo){0};
}

static void recycle(batch *b) {
  while (b) {
    batch *next = b->next;
    for (uint32_t i = 0; i < b->count; i++) {
      if (i + 8 < b->count) __builtin_prefetch(b->items[i + 8], 1);
      ffs_recycle_chunk(b->items[i]);
    }
    ffs_internal_free(b);
    b = next;
  }
}

/* Moves `f` into the global FIFO and recycles what is over the limit. */
static void drain(fifo *f) {
  size_t limit = (size_t)ffs_flags.quarantine_size_mb << 20;
  batch *evicted = NULL, **tail = &evicted;
  ffs_spin_lock(&global_lock);
  fifo_append(&global, f);
  while (global.head && global.bytes > limit) {
    batch *b = global.head;
    global.head = b->next;
    if (!global.head) global.tail = NULL;
    global.bytes -= b->bytes;
    b->next = NULL;
    *tail = b;
    tail = &b->next;
  }
  ffs_spin_unlock(&global_lock);
  recycle(evicted);
}

void ffs_quarantine_put(ffs_chunk *m, size_t bytes) {
  if (!ffs_flags.quarantine_size_mb) {
    ffs_recycle_chunk(m);
    return;
  }
  fifo tmp = {0};
  fifo *f = local_disabled ? &tmp : &local;
  if (!f->tail || f->tail->count == BATCH_ITEMS) {
    batch *b = ffs_internal_alloc(sizeof(batch));
    if (!b) { /* out of metadata memory: release at once rather than fail */
      ffs_recycle_chunk(m);
      return;
    }
    fifo one = {b, b, 0};
    fifo_append(f, &one);
  }
  f->tail->items[f->tail->count++] = m;
  f->tail->bytes += bytes;
  f->bytes += bytes;
  if (f->bytes >= LOCAL_LIMIT || f == &tmp) drain(f);
}

void ffs_quarantine_thread_exit(void) {
  local_disabled = 1;
  drain(&local);
}

void ffs_quarantine_lock(void) { ffs_spin_lock(&global_lock); }
void ffs_quarantine_unlock(void) { ffs_spin_unlock(&global_lock); }
