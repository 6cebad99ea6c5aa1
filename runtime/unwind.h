/* unwind.h — stack capture for records and reports: libunwind (DWARF CFI,
 * correct without frame pointers) or a validated frame-pointer walk. Frames
 * inside the runtime are dropped except the outermost one, the interposed
 * entry point (malloc, free, memcpy...), which becomes frame #0. */
#ifndef FFS_UNWIND_H
#define FFS_UNWIND_H

#include "common.h"

void ffs_unwind_init(void);
/* Called from the constructor: loads libunwind privately. */
void ffs_unwind_load_libunwind(void);
/* Captures at most max frames; returns how many. */
int ffs_unwind(uintptr_t *pcs, int max, bool fast);
/* Captures and stores in the depot: malloc_context_size frames. */
uint32_t ffs_stack_here(void);
/* Same with a fixed maximum (reports use a full-size stack). */
uint32_t ffs_stack_here_max(int max);
bool ffs_pc_in_runtime(uintptr_t pc);

#endif
