/* suppress.h — suppressions=FILE, LSan/ASan style: lines `kind:pattern`
 * (`#` comments, blank lines). `kind` is a bug-kind word, `leak` (both leak
 * kinds) or `lib` (any kind, pattern matched against module paths only).
 * A pattern is a glob (`*`, `?`) matched against each frame's function,
 * source file and module path; as in LSan it matches anywhere in the name
 * unless anchored with `^` (start) and/or `$` (end). Rules live in runtime
 * memory (internal allocator); matching never allocates. */
#ifndef FFS_SUPPRESS_H
#define FFS_SUPPRESS_H

#include "common.h"
#include "symbolize.h"

/* Reads and parses the file once per process (later calls do nothing).
 * Malformed lines get one "ERROR: suppressions file F:LINE: why" line each
 * and are skipped; an unreadable file gets one error and no rules. */
void ffs_suppress_load(const char *path);
/* Parses `len` bytes of `text` as if read from file `name`, adding rules.
 * Returns the number of malformed lines. */
int ffs_suppress_parse(const char *name, const char *text, size_t len);
/* Forgets all rules (unit tests). */
void ffs_suppress_reset(void);
/* Number of rules loaded. */
int ffs_suppress_count_rules(void);

/* True if `kind` is a word a suppression may name (bug kinds, leak, lib). */
bool ffs_suppress_kind_known(const char *kind);
/* LSan template match: `*` any run, `?` one char, leading `^` / trailing `$`
 * anchor; unanchored patterns match anywhere in `text`. NULL text: false. */
bool ffs_glob_match(const char *pattern, const char *text);

/* Index of the first rule suppressing a report of `kind` whose stack has
 * these frames, or -1. */
int ffs_suppress_match(const char *kind, const ffs_frame_info *frames, int n);
/* Records a use of rule `i`: `count` reports or leaked objects, `bytes`. */
void ffs_suppress_note_use(int i, uint64_t count, uint64_t bytes);
/* Rule i as "kind:pattern" and its use counters; false past the last rule. */
bool ffs_suppress_rule(int i, const char **kind, const char **pattern, uint64_t *hits,
                       uint64_t *bytes);
/* Forget the use counters (a forked child starts its own tally). */
void ffs_suppress_clear_uses(void);

#endif
