/* globals.h — globals of instrumented modules (registered with their
 * trailing redzones by each module constructor), for reports. */
#ifndef FFS_GLOBALS_H
#define FFS_GLOBALS_H

#include "common.h"
#include "../include/ffisan_rt.h"

void ffs_globals_register(struct __ffisan_global *g, size_t n);
void ffs_globals_unregister(struct __ffisan_global *g, size_t n);
/* The global whose [beg, beg + size_with_redzone) holds addr, or NULL. */
const struct __ffisan_global *ffs_global_containing(uintptr_t addr);

#endif
