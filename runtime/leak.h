/* leak.h — leak check at exit, LSan style: blocks not reachable from any
 * root (writable data of every module, thread stacks, TLS, other mappings)
 * nor from a reachable block are leaks. Those whose allocation crossed the
 * Rust/C boundary are `boundary-leak` (detect_leaks=boundary, the default);
 * the rest are `memory-leak` (detect_leaks=all). */
#ifndef FFS_LEAK_H
#define FFS_LEAK_H

#include "common.h"

/* Runs the check if enabled; prints reports. Returns the number of leaked
 * blocks reported. */
int ffs_leak_check_at_exit(void);

#endif
