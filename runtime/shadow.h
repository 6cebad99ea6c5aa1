/* shadow.h — the shadow memory instrumented code checks (layout and poison
 * values in include/ffisan_rt.h). Mapped on the first __ffisan_init() call,
 * i.e. only in processes that contain instrumented code; preload-only runs
 * never pay for it. */
#ifndef FFS_SHADOW_H
#define FFS_SHADOW_H

#include "common.h"
#include "../include/ffisan_rt.h"

extern bool ffs_shadow_on;

static inline int8_t *ffs_shadow_of(uintptr_t a) {
  return (int8_t *)((a >> FFISAN_SHADOW_SCALE) + FFISAN_SHADOW_OFFSET);
}

/* Maps the shadow; false (with one warning) if its range is taken. */
bool ffs_shadow_init(void);
/* [addr, addr+size) becomes addressable; the granule holding the end gets
 * the partial value. addr must be 8-aligned. */
void ffs_shadow_unpoison(uintptr_t addr, size_t size);
/* Poisons whole granules covering [addr, addr+size) with `value`. */
void ffs_shadow_poison(uintptr_t addr, size_t size, uint8_t value);
/* Resets the shadow of a range the heap gives back to the kernel. */
void ffs_shadow_clear(uintptr_t addr, size_t size);
/* Is [addr, addr+size) addressable? Returns the first bad byte or 0. */
uintptr_t ffs_shadow_first_bad(uintptr_t addr, size_t size);

#endif
