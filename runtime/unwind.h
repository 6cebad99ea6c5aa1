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
/* Captures and stores in the depot: malloc_context_size frames. `hint` (the
 * caller's return address; 0 = none) picks the stack memo's set: captures
 * repeated from the same place cost a few loads instead of an unwind. */
uint32_t ffs_stack_here(uintptr_t hint);
/* Same with a fixed maximum (reports use a full-size stack, hint 0). */
uint32_t ffs_stack_here_max(int max, uintptr_t hint);
/* Without any runtime frame: frame 0 is the instrumented code that made the
 * bad access. */
uint32_t ffs_stack_here_user(int max);
bool ffs_pc_in_runtime(uintptr_t pc);
void ffs_unwind_thread_exit(void);
/* Records the thread's stack bounds; call outside the allocator (the
 * constructor for the main thread, thread start for the others). */
void ffs_unwind_thread_start(void);

#endif
