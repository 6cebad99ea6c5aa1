/* init.h — start-up of the runtime (lazy, on the first allocator call, safe
 * before constructors and during dlsym), fork handling and the exit hook. */
#ifndef FFS_INIT_H
#define FFS_INIT_H

#include "common.h"

extern int ffs_init_state; /* 2 = ready */
void ffs_init_slow(void);
static inline void ffs_ensure_init(void) {
  if (FFS_UNLIKELY(__atomic_load_n(&ffs_init_state, __ATOMIC_ACQUIRE) != 2)) ffs_init_slow();
}

#endif
