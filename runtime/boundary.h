/* boundary.h — boundary crossings seen by instrumented code: which side
 * (Rust / C / C++) each caller and callee is on, and the checks made when a
 * call really crosses (pointer arguments into released blocks). */
#ifndef FFS_BOUNDARY_H
#define FFS_BOUNDARY_H

#include "common.h"

/* Side of the code at pc, cached per pc (symbolizer on first sight). */
ffs_side ffs_boundary_side(uintptr_t pc);

/* A call in progress that crossed the boundary. */
typedef struct {
  uintptr_t fn, caller, sp;
  ffs_side from, to;
} ffs_crossing;
/* The innermost crossing of this thread still in progress, or NULL. */
const ffs_crossing *ffs_innermost_crossing(void);

#endif
