/* callsite.h — classifies an allocator call site (the return address seen
 * inside malloc/free) once per unique address and caches the verdict:
 * did the call come through Rust's global-allocator shims, from ld.so, or
 * from plain C? Works on unmodified rustc binaries: the call instruction
 * before the return address is decoded (call rel32 / call *GOT) and its
 * target compared with the module's __rust_alloc/__rust_dealloc/... symbols;
 * a return address inside __rdl_* / __rg_* / System's GlobalAlloc impl also
 * counts as Rust. Allocation-free: reads ELF symbol tables with raw mmap. */
#ifndef FFS_CALLSITE_H
#define FFS_CALLSITE_H

#include "common.h"

enum { FFS_SITE_C = 0, FFS_SITE_RUST = 1, FFS_SITE_LOADER = 2 };

/* cached_only: a re-entered call must not take the loader's or the module
 * lock; an uncached site then counts as C. */
int ffs_classify_callsite(uintptr_t ret_addr, bool cached_only);

/* Rust allocator symbols found in the loaded modules' symbol tables. */
enum {
  FFS_RSYM_NONE = 0,
  FFS_RSYM_SHIM,               /* __rust_alloc & co: called by Rust code */
  FFS_RSYM_RDL_ALLOC,          /* std's default allocator bodies */
  FFS_RSYM_RDL_DEALLOC,
  FFS_RSYM_RDL_REALLOC,
  FFS_RSYM_RDL_ALLOC_ZEROED,
  FFS_RSYM_BODY,               /* __rg_* / System's GlobalAlloc impl */
};
void ffs_for_each_rust_alloc_symbol(void (*fn)(int kind, uintptr_t lo, uintptr_t hi));
void ffs_callsite_init(void);
/* After dlclose: module data and cached verdicts may name freed addresses. */
void ffs_callsite_forget_modules(void);

#endif
