/* internal_alloc.c — power-of-two free lists over mmap'd slabs for the
 * runtime's own data; blocks over 64 KiB are mmap'd on their own. Each block
 * has a 16-byte header holding its size class. One spinlock: the internal
 * allocator is off the program's hot path. */
#include "internal_alloc.h"

enum { MIN_SHIFT = 4, MAX_SHIFT = 16, SLAB = 1 << 20, HDR = 16 };

typedef struct free_block { struct free_block *next; } free_block;
typedef struct { size_t size; size_t pad; } header; /* size: class or mmap size */

static ffs_spinlock lock = FFS_SPINLOCK_INIT;
static free_block *free_lists[MAX_SHIFT + 1];
static char *slab_cur, *slab_end;

static int class_of(size_t total) {
  int shift = MIN_SHIFT;
  while (((size_t)1 << shift) < total) shift++;
  return shift;
}

static void *carve(size_t bytes) {
  if (slab_cur + bytes > slab_end) {
    char *s = ffs_mmap(SLAB);
    if (!s) return NULL;
    slab_cur = s;
    slab_end = s + SLAB;
  }
  void *p = slab_cur;
  slab_cur += bytes;
  return p;
}

static void *internal_alloc(size_t size, bool nowait) {
  size_t total = size + HDR;
  if (total < size) return NULL;
  header *h;
  if (total > ((size_t)1 << MAX_SHIFT)) {
    size_t map = (total + ffs_page_size() - 1) & ~(ffs_page_size() - 1);
    h = ffs_mmap(map);
    if (!h) return NULL;
    h->size = map;
    return (char *)h + HDR;
  }
  int c = class_of(total);
  if (!nowait) ffs_spin_lock(&lock);
  else if (!ffs_spin_trylock(&lock)) return NULL;
  h = (header *)free_lists[c];
  if (h) free_lists[c] = free_lists[c]->next;
  else h = carve((size_t)1 << c);
  ffs_spin_unlock(&lock);
  if (!h) return NULL;
  ffs_memset(h, 0, (size_t)1 << c);
  h->size = (size_t)c;
  return (char *)h + HDR;
}

void *ffs_internal_alloc(size_t size) { return internal_alloc(size, false); }
void *ffs_internal_alloc_nowait(size_t size) { return internal_alloc(size, true); }

void ffs_internal_free(void *p) {
  if (!p) return;
  header *h = (header *)((char *)p - HDR);
  if (h->size > MAX_SHIFT) {
    ffs_munmap(h, h->size);
    return;
  }
  int c = (int)h->size;
  free_block *b = (free_block *)h;
  ffs_spin_lock(&lock);
  b->next = free_lists[c];
  free_lists[c] = b;
  ffs_spin_unlock(&lock);
}

void *ffs_internal_realloc(void *p, size_t size) {
  if (!p) return ffs_internal_alloc(size);
  header *h = (header *)((char *)p - HDR);
  size_t old = (h->size > MAX_SHIFT ? h->size : ((size_t)1 << h->size)) - HDR;
  if (size <= old) return p;
  void *n = ffs_internal_alloc(size);
  if (!n) return NULL;
  ffs_memcpy(n, p, old);
  ffs_internal_free(p);
  return n;
}

void ffs_internal_lock_all(void) { ffs_spin_lock(&lock); }
void ffs_internal_unlock_all(void) { ffs_spin_unlock(&lock); }
