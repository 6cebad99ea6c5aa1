/* stub.c — a do-nothing runtime for build-time code. scripts/ffisan-rustc
 * links this object into build scripts and proc-macros, which are not
 * instrumented themselves but may contain instrumented dependencies (cargo
 * builds one rlib for both). Without it their weak __ffisan_* references
 * stay null and the module constructors stop the build (a proc-macro runs
 * inside rustc, where the real runtime cannot be loaded). The stub maps an
 * all-zero shadow (so inline checks pass), serves fake-stack objects from
 * malloc and ignores everything else. Its symbols are hidden: they bind
 * only the references inside the linked object. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#pragma GCC visibility push(hidden)
#include "../../include/ffisan_rt.h"

#define SHADOW_END 0x10007fff8000ULL /* shadow of the whole user space */

void __ffisan_init(void) {
  static int done;
  if (__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
    return;
  size_t len = SHADOW_END - FFISAN_SHADOW_OFFSET;
  void *p = mmap((void *)FFISAN_SHADOW_OFFSET, len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                     MAP_FIXED_NOREPLACE,
                 -1, 0);
  /* Without a shadow, instrumented code faults on its first check. */
  if (p == MAP_FAILED ? errno != EEXIST : p != (void *)FFISAN_SHADOW_OFFSET)
    abort();
}

void __ffisan_version_1(void) {}

#define NOREPORT(kind) \
  void __ffisan_report_##kind(uintptr_t addr) { (void)addr; }
NOREPORT(load1)
NOREPORT(load2)
NOREPORT(load4)
NOREPORT(load8)
NOREPORT(load16)
NOREPORT(store1)
NOREPORT(store2)
NOREPORT(store4)
NOREPORT(store8)
NOREPORT(store16)

void __ffisan_check_range(uintptr_t addr, size_t size, int is_write) {
  (void)addr, (void)size, (void)is_write;
}

void *__ffisan_stack_alloc(size_t size, size_t align) {
  void *p = NULL;
  if (align < sizeof(void *))
    align = sizeof(void *);
  return posix_memalign(&p, align, size) ? NULL : p;
}

void __ffisan_stack_free(void *p, size_t size) {
  (void)size;
  free(p);
}

void __ffisan_register_globals(struct __ffisan_global *g, size_t n) {
  (void)g, (void)n;
  __ffisan_init();
}

void __ffisan_unregister_globals(struct __ffisan_global *g, size_t n) {
  (void)g, (void)n;
}

void __ffisan_func_enter(void *fn, void *caller, void **args, size_t n) {
  (void)fn, (void)caller, (void)args, (void)n;
}

void __ffisan_func_exit(void *fn) { (void)fn; }

void __ffisan_call_enter(void *callee, void **args, size_t n) {
  (void)callee, (void)args, (void)n;
}

void __ffisan_call_exit(void *callee) { (void)callee; }

#pragma GCC visibility pop
