/* threads.c — thread numbering (see threads.h); a cached TLS value, assigned
 * on the thread's first call into the runtime. */
#include "threads.h"

static FFS_TLS int my_tid = -1;
static uint16_t next_tid = 1;

uint16_t ffs_current_tid(void) {
  if (FFS_LIKELY(my_tid >= 0)) return (uint16_t)my_tid;
  if (ffs_gettid() == ffs_getpid()) my_tid = 0;
  else {
    uint16_t t = __atomic_fetch_add(&next_tid, 1, __ATOMIC_RELAXED);
    my_tid = t ? t : 0xffff;
  }
  return (uint16_t)my_tid;
}

/* The forking thread is the child's main thread now. */
void ffs_threads_after_fork_child(void) { my_tid = 0; next_tid = 1; }
