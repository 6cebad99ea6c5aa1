/* threads.c — thread numbering (T0 = main thread, T1.. in order of first
 * appearance) and the pthread_create interceptor that lets each new thread
 * set up its per-thread state outside the allocator before user code runs. */
#include "threads.h"
#include "internal_alloc.h"
#include "unwind.h"

#include <dlfcn.h>
#include <pthread.h>

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

typedef struct { void *(*fn)(void *); void *arg; } start_args;

static void *thread_start(void *p) {
  start_args a = *(start_args *)p;
  ffs_internal_free(p);
  ffs_current_tid();
  ffs_unwind_thread_start();
  return a.fn(a.arg);
}

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

FFS_INTERFACE int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *),
                                 void *arg) {
  static create_fn real;
  if (!real) real = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
  if (!real) return 11; /* EAGAIN */
  start_args *a = ffs_internal_alloc(sizeof *a);
  if (!a) return real(t, attr, fn, arg);
  a->fn = fn;
  a->arg = arg;
  int rc = real(t, attr, thread_start, a);
  if (rc) ffs_internal_free(a);
  return rc;
}
