/* depot.h — stack depot: every captured stack stored once, named by a 32-bit
 * id (0 = no stack). Lock-free lookups and inserts; never freed. */
#ifndef FFS_DEPOT_H
#define FFS_DEPOT_H

#include "common.h"

#define FFS_MAX_FRAMES 64

uint32_t ffs_depot_put(const uintptr_t *pcs, int n);
/* Returns the number of frames of stack `id` and points *pcs at them. */
int ffs_depot_get(uint32_t id, const uintptr_t **pcs);
void ffs_depot_init(void);

#endif
