/* report.h — writing reports: one report at a time (a lock across threads),
 * each line written with one write(2) to stderr or log_path.<pid>, stacks
 * symbolized here and only here, then halting per halt_on_error /
 * abort_on_error / exitcode. Behind this API: suppressions (suppressions=),
 * duplicate folding (halt_on_error=0), report_format=text|json|sarif. A
 * report is held until its first stack (ffs_report_stack/pcs) is known, then
 * judged: a suppressed or duplicate report prints nothing and does not count.
 * Leak reports (kind boundary-leak / memory-leak) are judged per stack: one
 * stack per leak group, titled by the line before it ("Direct leak of N
 * byte(s) in M object(s) ..."); the SUMMARY line's totals are corrected. */
#ifndef FFS_REPORT_H
#define FFS_REPORT_H

#include "common.h"

/* Starts a report (takes the report lock). Returns false when this thread is
 * already reporting (a nested error inside the reporter: dropped). */
bool ffs_report_begin(void);
/* Appends formatted text; every completed line is written at once. */
void ffs_report_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a stored stack as "    #N 0xPC in function file:line" lines. */
void ffs_report_stack(uint32_t stack_id);
void ffs_report_pcs(const uintptr_t *pcs, int n);
/* Prints "SUMMARY: FFISan: <kind> <file:line> in <function>" for the first
 * frame of the stack outside the runtime. */
void ffs_report_summary(const char *kind, uint32_t stack_id);
/* libc, libstdc++, libgcc_s, ld.so, libm...: neither side of a boundary. */
bool ffs_module_is_system(const char *path);
/* Side of the first frame outside the runtime and system libraries. */
ffs_side ffs_stack_user_side(uint32_t stack_id);
/* Ends the report; counts it; halts when halt_on_error (unless `fatal` is
 * false: leak reports at exit end the process themselves). */
void ffs_report_end(bool may_halt);
/* Number of reports printed so far. */
int ffs_report_count(void);
/* At-exit work, once per process: the "N duplicate report(s) suppressed"
 * line, the "Suppressions used:" table, and the SARIF log when it goes to
 * stderr. Call it after the leak check; ffs_die calls it too. (Until the exit
 * hook calls it, ffs_report_count() does, when it runs during exit().) */
void ffs_report_at_exit(void);
/* Ends the process the way the flags say (exitcode or abort). */
__attribute__((noreturn)) void ffs_die(void);
/* Start-up (constructor): output format, suppressions file. */
void ffs_report_init(void);
void ffs_report_lock(void);
void ffs_report_unlock(void);

#endif
