/* alloc.h — the checked allocation API behind every interposed entry point:
 * records family, stacks and thread, and checks every release (double-free,
 * invalid-free, alloc-dealloc-mismatch) before the block is quarantined. */
#ifndef FFS_ALLOC_H
#define FFS_ALLOC_H

#include "allocator.h"

/* How a block is released (named in reports). */
enum {
  FFS_REL_FREE = 1,
  FFS_REL_DELETE,
  FFS_REL_DELETE_ARRAY,
  FFS_REL_RUST_DEALLOC,
  FFS_REL_REALLOC,
  FFS_REL_RUST_REALLOC,
};

/* ret: the caller's return address (classifies Rust vs C call sites). */
void *ffs_allocate(size_t size, size_t align, int family, bool aligned, bool zero, uintptr_t ret);
void ffs_release(void *p, int how, uintptr_t ret);
/* how: FFS_REL_REALLOC (classified by call site) or FFS_REL_RUST_REALLOC. */
void *ffs_reallocate(void *p, size_t size, size_t align, int how, uintptr_t ret);
size_t ffs_usable_size(const void *p);

/* Escaping stack objects of instrumented code: one-frame stacks (the
 * function's return address), poisoned RETURNED and quarantined on release. */
void *ffs_allocate_stack_object(size_t size, size_t align, uintptr_t ret);
void ffs_release_stack_object(void *p, uintptr_t ret);
/* Sets the shadow of a chunk that existed before the shadow was mapped. */
void ffs_shadow_adopt_chunk(ffs_chunk *m, uintptr_t begin, void *arg);

int ffs_family_of_release(int how);
const char *ffs_family_name(int family);   /* "malloc", "operator new", ... */
const char *ffs_release_name(int how);     /* "free", "operator delete", ... */

#endif
