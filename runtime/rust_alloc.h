/* rust_alloc.h — exact tracking of Rust's default global allocator: the
 * bodies of std's __rdl_alloc / __rdl_dealloc / __rdl_realloc /
 * __rdl_alloc_zeroed found in every loaded module's symbol table are
 * redirected (a 12-byte absolute jump written over their first bytes) to
 * ffisan's own entry points, which receive Rust's Layout (size, align). */
#ifndef FFS_RUST_ALLOC_H
#define FFS_RUST_ALLOC_H

/* Hooks every module loaded so far; safe to call again (idempotent). */
void ffs_rust_alloc_hook_modules(void);

#endif
