/* quarantine.h — released blocks stay poisoned (state QUARANTINED, memory
 * untouched) in a FIFO bounded by quarantine_size_mb, so a later use or
 * release can be reported together with its release stack. */
#ifndef FFS_QUARANTINE_H
#define FFS_QUARANTINE_H

#include "allocator.h"

/* Takes a released chunk (state already QUARANTINED); may recycle old ones. */
void ffs_quarantine_put(ffs_chunk *m, size_t bytes);
void ffs_quarantine_thread_exit(void);
void ffs_quarantine_lock(void);
void ffs_quarantine_unlock(void);

#endif
