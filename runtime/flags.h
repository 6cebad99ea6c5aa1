/* flags.h — the parsed FFISAN_OPTIONS (see flags.inc for the table). */
#ifndef FFS_FLAGS_H
#define FFS_FLAGS_H

#include "common.h"

enum { FFS_LEAKS_OFF = 0, FFS_LEAKS_BOUNDARY = 1, FFS_LEAKS_ALL = 2 };

typedef struct {
#define FFS_FLAG_bool bool
#define FFS_FLAG_int int
#define FFS_FLAG_str const char *
#define FFS_FLAG_leaks int
#define FFS_FLAG(type, name, def, help) FFS_FLAG_##type name;
#include "flags.inc"
#undef FFS_FLAG
} ffs_flags_t;

extern ffs_flags_t ffs_flags;

/* Sets defaults, then applies `opts` (may be NULL). Malformed entries get one
 * error line each (through ffs_warn) and keep their default. Returns the
 * number of malformed entries. Never allocates. */
int ffs_flags_parse(const char *opts);
/* Prints the flag table (help=1). */
void ffs_flags_print_help(void);

#endif
