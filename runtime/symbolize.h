/* symbolize.h — report-time symbolization: PC -> function (demangled Rust
 * legacy/v0 and C++), file:line, module, and the side (Rust / C / C++) of the
 * frame. DWARF (libdw) first, ELF symbol tables and name mangling as the
 * fallback. Never called on the allocation path: only when a report or the
 * leak check prints, always inside ffs_enter_runtime(). Results are cached
 * per PC; the cache is thread-safe. */
#ifndef FFS_SYMBOLIZE_H
#define FFS_SYMBOLIZE_H

#include "common.h"

typedef struct {
  const char *function; /* demangled name, NULL if unknown ("??" in reports) */
  const char *file;     /* source file path, NULL if unknown */
  int line;             /* 0 if unknown */
  int column;           /* 0 if unknown */
  const char *module;   /* path of the ELF object containing the PC, or NULL */
  uintptr_t module_offset; /* PC - module load bias */
  ffs_side side;        /* language of the frame */
} ffs_frame_info;

/* Symbolizes the code address `addr` (callers pass return_address - 1 for
 * return addresses). Fills up to `max` entries, innermost inlined frame first
 * and the real (out-of-line) function last; returns how many (>= 1; a fully
 * unknown PC gives one entry with NULL function/file). Strings stay valid for
 * the life of the process. */
int ffs_symbolize(uintptr_t addr, ffs_frame_info *out, int max);

/* Side of the function containing `addr`: DWARF CU language (DW_AT_language),
 * falling back to symbol mangling (_R / legacy _ZN..17h<hash>E = Rust,
 * other _Z = C++, plain = C). Cached. */
ffs_side ffs_side_of_pc(uintptr_t addr);

/* Demangles Rust (legacy and v0) and C++ names into buf; a name that is not
 * mangled is copied unchanged. Returns buf. Never allocates through malloc
 * from the caller's point of view beyond libiberty's internal use. */
const char *ffs_demangle(const char *name, char *buf, size_t size);

/* Forget modules (call after dlopen/dlclose are seen, cheap). */
void ffs_symbolizer_invalidate(void);

#endif
