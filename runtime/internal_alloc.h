/* internal_alloc.h — the runtime's own allocator for its metadata (thread
 * records, quarantine batches, uthash tables). Never goes through malloc,
 * so it is safe inside the interposed allocator. */
#ifndef FFS_INTERNAL_ALLOC_H
#define FFS_INTERNAL_ALLOC_H

#include "common.h"

void *ffs_internal_alloc(size_t size);   /* zeroed; NULL only if mmap fails */
/* For re-entered (signal handler) paths: NULL instead of waiting. */
void *ffs_internal_alloc_nowait(size_t size);
void ffs_internal_free(void *p);
void *ffs_internal_realloc(void *p, size_t size);
/* Locks for fork(): held across fork so the child never sees a torn state. */
void ffs_internal_lock_all(void);
void ffs_internal_unlock_all(void);

/* uthash: tables of the runtime allocate here, never through malloc. */
#define uthash_malloc(sz) ffs_internal_alloc(sz)
#define uthash_free(ptr, sz) ffs_internal_free(ptr)

#endif
