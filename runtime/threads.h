/* threads.h — ffisan thread numbers (T0 = main thread, T1.. in order of
 * first appearance), as printed in reports. */
#ifndef FFS_THREADS_H
#define FFS_THREADS_H

#include "common.h"

uint16_t ffs_current_tid(void);
void ffs_threads_after_fork_child(void);

#endif
