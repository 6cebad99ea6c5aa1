/* init.c — runtime start-up: flags, heap, depot, call-site cache, unwinder;
 * the constructor installs fork handlers and the exit hook (leak check and
 * exit status). Initialisation runs on the first allocator call, which can
 * come from ld.so before any constructor, so it never allocates. */
#include "init.h"
#include "allocator.h"
#include "callsite.h"
#include "depot.h"
#include "flags.h"
#include "internal_alloc.h"
#include "leak.h"
#include "modules.h"
#include "quarantine.h"
#include "report.h"
#include "rust_alloc.h"
#include "threads.h"
#include "unwind.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int ffs_init_state;
static int init_owner;
static bool flags_from_env;

static void parse_flags(void) {
  extern char **environ;
  flags_from_env = environ != NULL;
  ffs_flags_parse(environ ? getenv("FFISAN_OPTIONS") : NULL);
}

void ffs_init_slow(void) {
  int me = ffs_gettid();
  int expected = 0;
  if (__atomic_compare_exchange_n(&ffs_init_state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE)) {
    init_owner = me;
    parse_flags();
    ffs_allocator_init();
    ffs_modules_init(); /* before anything calls dl_iterate_phdr */
    ffs_depot_init();
    ffs_callsite_init();
    ffs_unwind_init();
    __atomic_store_n(&ffs_init_state, 2, __ATOMIC_RELEASE);
    return;
  }
  if (init_owner == me) return; /* re-entered while initialising: heap is up */
  while (__atomic_load_n(&ffs_init_state, __ATOMIC_ACQUIRE) != 2) __builtin_ia32_pause();
}

static void fork_prepare(void) {
  ffs_report_lock();
  ffs_quarantine_lock();
  ffs_allocator_lock_all();
  ffs_internal_lock_all();
}

static void fork_parent(void) {
  ffs_internal_unlock_all();
  ffs_allocator_unlock_all();
  ffs_quarantine_unlock();
  ffs_report_unlock();
}

static void fork_child(void) {
  fork_parent();
  ffs_threads_after_fork_child();
}

static void at_exit(void) {
  ffs_leak_check_at_exit();
  ffs_report_at_exit(); /* duplicate counts, suppressions used, SARIF on stderr */
  if (ffs_report_count()) {
    fflush(NULL);
    ffs_report_lock(); /* let a report in flight on another thread finish */
    _exit(ffs_flags.exitcode);
  }
}

__attribute__((constructor(101))) static void ffs_constructor(void) {
  ffs_ensure_init();
  ffs_stderr_init();
  if (!flags_from_env) parse_flags();
  ffs_unwind_load_libunwind(); /* also records the main thread's stack */
  ffs_rust_alloc_hook_modules();
  ffs_report_init();
  if (ffs_flags.help) ffs_flags_print_help();
  if (ffs_flags.verbosity)
    ffs_warn("runtime loaded (pid %d, quarantine %d MiB, leaks %d)", ffs_getpid(),
             ffs_flags.quarantine_size_mb, ffs_flags.detect_leaks);
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  atexit(at_exit);
}
