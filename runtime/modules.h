/* modules.h — loader interceptors (dlopen, dlclose, dl_iterate_phdr). */
#ifndef FFS_MODULES_H
#define FFS_MODULES_H

#include "common.h"

void ffs_modules_init(void);
/* Inside a dl_iterate_phdr callback on this thread (loader lock held)? */
bool ffs_holding_loader_lock(void);

#endif
