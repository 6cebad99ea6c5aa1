/* errors.h — one function per bug kind the preload runtime reports; each
 * prints a complete report (header, access stack, location, related stacks,
 * SUMMARY) through report.h. */
#ifndef FFS_ERRORS_H
#define FFS_ERRORS_H

#include "allocator.h"

void ffs_error_double_free(void *p, ffs_chunk *m, int how);
/* m == NULL: p is not in the heap (stack / global / never allocated). */
void ffs_error_invalid_free(void *p, ffs_chunk *m, int how);
void ffs_error_mismatch(void *p, ffs_chunk *m, int how);
/* An intercepted libc call touched [addr, addr+size) badly: use-after-free or
 * overflow of the block m; `fn` names the libc function. */
void ffs_error_bad_access(const char *fn, uintptr_t addr, size_t size, bool write,
                          ffs_chunk *m, uintptr_t begin);
void ffs_error_overlap(const char *fn, uintptr_t a, size_t an, uintptr_t b, size_t bn);
/* Instrumented code's shadow check failed for [addr, addr+size): the kind
 * comes from the poison value (heap / stack object / global / borrow). */
void ffs_error_shadow_access(uintptr_t addr, size_t size, bool write);
/* A call crossing the boundary passes pointer `p` (argument #index) into the
 * released block m. */
void ffs_error_dangling_argument(void *callee, size_t index, uintptr_t p, ffs_chunk *m,
                                 uintptr_t begin, ffs_side from, ffs_side to);
/* Prints the "<addr> is located ..." lines and the block's stacks. */
void ffs_describe_address(uintptr_t addr);

#endif
