/* ffisan_rt.h — the ABI between code instrumented by the ffisan pass and the
 * ffisan runtime (libffisan.so). The pass emits calls to these functions and
 * inline shadow checks that follow the constants below; nothing here is meant
 * to be called by hand. Version 1.
 *
 * Shadow memory (ASan's x86-64 layout): every 8-byte granule of application
 * memory at `a` has one shadow byte at (a >> 3) + FFISAN_SHADOW_OFFSET:
 *   0            all 8 bytes addressable
 *   1..7         only the first k bytes addressable
 *   negative     not addressable; the value says why (FFISAN_POISON_*).
 * Inline check for an access of 1, 2, 4 or 8 bytes at `a`:
 *   int8_t s = *(int8_t *)((a >> 3) + FFISAN_SHADOW_OFFSET);
 *   if (s != 0 && (size == 8 || (int8_t)((a & 7) + size - 1) >= s)) report;
 * 16-byte accesses check the two shadow bytes as one int16 (any non-zero
 * reports); other sizes call __ffisan_check_range. */
#ifndef FFISAN_RT_H
#define FFISAN_RT_H

#include <stddef.h>
#include <stdint.h>

#define FFISAN_SHADOW_SCALE 3
#define FFISAN_SHADOW_OFFSET 0x7fff8000ULL

#define FFISAN_POISON_HEAP_REDZONE 0xfa /* bytes around/after a heap block */
#define FFISAN_POISON_HEAP_FREED 0xfd   /* released block in quarantine */
#define FFISAN_POISON_STACK_REDZONE 0xf2 /* around an escaping stack object */
#define FFISAN_POISON_STACK_RETURNED 0xf5 /* stack object of a returned frame */
#define FFISAN_POISON_GLOBAL_REDZONE 0xf9 /* after a global */
#define FFISAN_POISON_SHARED_BORROW 0xf7 /* lent read-only across the boundary */

#ifdef __cplusplus
extern "C" {
#endif

/* Each instrumented module calls this from a constructor (priority 1)
 * before any instrumented code runs; safe to call many times. */
void __ffisan_init(void);
/* Referenced by every instrumented module: linking against a runtime of
 * another ABI version fails at link time instead of misbehaving. */
void __ffisan_version_1(void);

/* Slow paths of the inline checks: `addr` failed the shadow check. They
 * print the report (access kind and size, the block, all stacks) and return
 * only when halt_on_error=0. */
void __ffisan_report_load1(uintptr_t addr);
void __ffisan_report_load2(uintptr_t addr);
void __ffisan_report_load4(uintptr_t addr);
void __ffisan_report_load8(uintptr_t addr);
void __ffisan_report_load16(uintptr_t addr);
void __ffisan_report_store1(uintptr_t addr);
void __ffisan_report_store2(uintptr_t addr);
void __ffisan_report_store4(uintptr_t addr);
void __ffisan_report_store8(uintptr_t addr);
void __ffisan_report_store16(uintptr_t addr);
/* Any size (memcpy/memmove/memset intrinsics, odd-sized accesses): checks
 * every granule of [addr, addr+size) and reports the first bad one. */
void __ffisan_check_range(uintptr_t addr, size_t size, int is_write);

/* Stack objects whose address escapes live in a per-thread fake stack, so a
 * pointer that outlives its frame hits poisoned memory (stack-address-escape)
 * instead of a reused real stack slot. stack_alloc returns `size` bytes
 * aligned to `align` (<= 4096) with poisoned redzones around; stack_free
 * poisons them as RETURNED and keeps them out of reuse for a while. */
void *__ffisan_stack_alloc(size_t size, size_t align);
void __ffisan_stack_free(void *p, size_t size);

/* Globals with a trailing redzone, registered by the module constructor. */
struct __ffisan_global {
  const void *beg;          /* the global itself */
  size_t size;              /* its size without the redzone */
  size_t size_with_redzone; /* multiple of 8 */
  const char *name;         /* source-level name */
  const char *module;       /* module (translation unit / crate) name */
};
void __ffisan_register_globals(struct __ffisan_global *globals, size_t n);
void __ffisan_unregister_globals(struct __ffisan_global *globals, size_t n);

/* Boundary crossings. func_enter: `fn` is the instrumented function being
 * entered (externally visible functions only), `caller` its return address
 * (llvm.returnaddress(0)), ptr_args its pointer-typed parameters. call_enter:
 * `callee` the target of a call to a function defined elsewhere (or an
 * indirect call), with the call's pointer arguments. The runtime decides
 * from the two sides' languages whether it is a crossing; the common case
 * (same side) returns after two cached lookups. */
void __ffisan_func_enter(void *fn, void *caller, void **ptr_args, size_t n_ptr_args);
void __ffisan_func_exit(void *fn);
void __ffisan_call_enter(void *callee, void **ptr_args, size_t n_ptr_args);
void __ffisan_call_exit(void *callee);

#ifdef __cplusplus
}
#endif
#endif
