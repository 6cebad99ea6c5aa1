/* globals.c — registry of instrumented globals: a list of the arrays the
 * module constructors pass (never copied: they live in the modules' data),
 * with their redzones poisoned. Lookups happen only when a report prints. */
#include "globals.h"
#include "internal_alloc.h"
#include "shadow.h"

typedef struct { struct __ffisan_global *g; size_t n; } global_array;

static global_array *arrays;
static size_t n_arrays, cap_arrays;
static ffs_spinlock lock = FFS_SPINLOCK_INIT;

void ffs_globals_register(struct __ffisan_global *g, size_t n) {
  for (size_t i = 0; i < n; i++) {
    ffs_shadow_unpoison((uintptr_t)g[i].beg, g[i].size);
    uintptr_t tail = ((uintptr_t)g[i].beg + g[i].size + 7) & ~(uintptr_t)7;
    uintptr_t end = (uintptr_t)g[i].beg + g[i].size_with_redzone;
    if (end > tail) ffs_shadow_poison(tail, end - tail, FFISAN_POISON_GLOBAL_REDZONE);
  }
  ffs_spin_lock(&lock);
  if (n_arrays == cap_arrays) {
    size_t cap = cap_arrays ? cap_arrays * 2 : 64;
    global_array *a = ffs_internal_realloc(arrays, cap * sizeof *a);
    if (!a) {
      ffs_spin_unlock(&lock);
      return;
    }
    arrays = a;
    cap_arrays = cap;
  }
  arrays[n_arrays++] = (global_array){g, n};
  ffs_spin_unlock(&lock);
}

void ffs_globals_unregister(struct __ffisan_global *g, size_t n) {
  for (size_t i = 0; i < n; i++) ffs_shadow_clear((uintptr_t)g[i].beg, g[i].size_with_redzone);
  ffs_spin_lock(&lock);
  for (size_t i = 0; i < n_arrays; i++)
    if (arrays[i].g == g) arrays[i] = arrays[--n_arrays];
  ffs_spin_unlock(&lock);
}

const struct __ffisan_global *ffs_global_containing(uintptr_t addr) {
  const struct __ffisan_global *found = NULL;
  ffs_spin_lock(&lock);
  for (size_t i = 0; i < n_arrays && !found; i++)
    for (size_t j = 0; j < arrays[i].n && !found; j++) {
      const struct __ffisan_global *g = &arrays[i].g[j];
      if (addr - (uintptr_t)g->beg < g->size_with_redzone) found = g;
    }
  ffs_spin_unlock(&lock);
  return found;
}
