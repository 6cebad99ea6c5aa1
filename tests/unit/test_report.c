/* Unit tests for the report pipeline of runtime/report.c, driven through
 * the report.h API as errors.c and leak.c drive it: a report is judged at
 * its first stack (suppressed: nothing printed, not counted), leak reports
 * group by group (suppressed groups vanish, SUMMARY totals follow), the
 * same kind at the same site is folded with halt_on_error=0, and
 * report_format=json escapes text (quotes, control bytes, bad UTF-8). The
 * stacks are return addresses inside this file's functions. Each Criterion
 * test runs in its own process. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flags.h"
#include "report.h"
#include "suppress.h"

static char out[1 << 17];

#define CAPTURE(stmt)                                                        \
  do {                                                                       \
    fflush(stderr);                                                          \
    FILE *tmp_ = tmpfile();                                                  \
    int saved_ = dup(2), rt_fd_ = ffs_stderr_fd;                             \
    dup2(fileno(tmp_), 2);                                                   \
    ffs_stderr_fd = 2; /* the runtime writes to its own start-up stderr */   \
    stmt;                                                                    \
    ffs_stderr_fd = rt_fd_;                                                  \
    dup2(saved_, 2);                                                         \
    close(saved_);                                                           \
    ssize_t n_ = pread(fileno(tmp_), out, sizeof out - 1, 0);                \
    out[n_ > 0 ? n_ : 0] = 0;                                                \
    fclose(tmp_);                                                            \
  } while (0)

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p++) n++;
  return n;
}

/* A pc inside the caller (the return address of this call). */
static __attribute__((noinline)) uintptr_t here(void) {
  return (uintptr_t)__builtin_return_address(0);
}

static __attribute__((noinline)) uintptr_t in_victim_function(void) { return here(); }
static __attribute__((noinline)) uintptr_t in_other_function(void) { return here(); }
static __attribute__((noinline)) uintptr_t in_make_label_a(void) { return here(); }
static __attribute__((noinline)) uintptr_t in_make_label_b(void) { return here(); }

/* An ordinary report as errors.c prints it, with a one-frame stack. */
static void error_report(const char *kind, uintptr_t pc) {
  cr_assert(ffs_report_begin());
  ffs_report_printf("==%d==ERROR: FFISan: %s on %p in thread T0\n", getpid(), kind, (void *)0x10);
  ffs_report_pcs(&pc, 1);
  ffs_report_printf("0x10 is located 0 bytes inside of 8-byte region [0x10,0x18)\n");
  ffs_report_printf("freed by C (free) in thread T0 here:\n");
  ffs_report_pcs(&pc, 1);
  ffs_report_printf("SUMMARY: FFISan: %s test_report.c:1 in victim\n", kind);
  ffs_report_end(false);
}

/* A leak report as leak.c prints it: groups a (8 bytes) and b (12 bytes). */
static void leak_report(void) {
  uintptr_t a = in_make_label_a(), b = in_make_label_b();
  cr_assert(ffs_report_begin());
  ffs_report_printf("\n==%d==ERROR: FFISan: boundary-leak: detected memory leaks\n\n", getpid());
  ffs_report_printf("Direct leak of 8 byte(s) in 1 object(s) allocated by C (malloc)");
  ffs_report_printf(", last owned by Rust, from:\n");
  ffs_report_pcs(&a, 1);
  ffs_report_printf("\n");
  ffs_report_printf("Direct leak of 12 byte(s) in 2 object(s) allocated by C (malloc), from:\n");
  ffs_report_pcs(&b, 1);
  ffs_report_printf("\n");
  ffs_report_printf("SUMMARY: FFISan: boundary-leak 20 byte(s) leaked in 3 allocation(s).\n");
  ffs_report_end(false);
}

static void load(const char *rules) {
  ffs_suppress_reset();
  CAPTURE(ffs_suppress_parse("t", rules, strlen(rules)));
  cr_assert_str_empty(out, "%s", out);
}

/* ------------------------------------------------------------ text */

Test(report, printed_as_before) {
  load("");
  CAPTURE(error_report("double-free", in_victim_function()));
  cr_assert_eq(ffs_report_count(), 1);
  cr_assert_eq(count(out, "ERROR: FFISan: double-free on 0x10 in thread T0\n"), 1, "%s", out);
  cr_assert_eq(count(out, " in in_victim_function "), 2, "%s", out);
  cr_assert(strstr(out, "    #0 0x"), "%s", out);
  cr_assert(strstr(out, "\nfreed by C (free) in thread T0 here:\n    #0 0x"), "%s", out);
  cr_assert(strstr(out, "\nSUMMARY: FFISan: double-free test_report.c:1 in victim\n"), "%s", out);
}

Test(report, suppressed_report_prints_nothing_and_does_not_count) {
  load("double-free:in_victim_function\n");
  CAPTURE(error_report("double-free", in_victim_function()));
  cr_assert_str_empty(out, "%s", out);
  cr_assert_eq(ffs_report_count(), 0);
  CAPTURE(error_report("double-free", in_other_function()));
  cr_assert(strstr(out, "ERROR: FFISan: double-free"), "other function: printed\n%s", out);
  CAPTURE(error_report("invalid-free", in_victim_function()));
  cr_assert(strstr(out, "ERROR: FFISan: invalid-free"), "other kind: printed\n%s", out);
  cr_assert_eq(ffs_report_count(), 2);
  const char *kind, *pat;
  uint64_t hits, bytes;
  cr_assert(ffs_suppress_rule(0, &kind, &pat, &hits, &bytes));
  cr_assert_eq(hits, 1);
}

Test(report, suppression_by_source_file) {
  load("double-free:^*/test_report.c$\n");
  CAPTURE(error_report("double-free", in_victim_function()));
  cr_assert_str_empty(out, "%s", out);
}

Test(report, leak_group_suppressed_summary_follows) {
  load("leak:in_make_label_a\n");
  CAPTURE(leak_report());
  cr_assert_eq(ffs_report_count(), 1);
  cr_assert(strstr(out, "ERROR: FFISan: boundary-leak: detected memory leaks\n"), "%s", out);
  cr_assert_null(strstr(out, "8 byte(s) in 1 object(s)"), "%s", out);
  cr_assert_null(strstr(out, "in_make_label_a"), "%s", out);
  cr_assert(strstr(out, "\n\nDirect leak of 12 byte(s) in 2 object(s) allocated by C (malloc), from:\n"), "%s", out);
  cr_assert(strstr(out, " in in_make_label_b "), "%s", out);
  cr_assert(strstr(out, "\n\nSUMMARY: FFISan: boundary-leak 12 byte(s) leaked in 2 allocation(s).\n"), "%s", out);
  cr_assert_null(strstr(out, "\n\n\n"), "no doubled blank lines:\n%s", out);
  const char *kind, *pat;
  uint64_t hits, bytes;
  cr_assert(ffs_suppress_rule(0, &kind, &pat, &hits, &bytes));
  cr_assert_eq(hits, 1);
  cr_assert_eq(bytes, 8);
  CAPTURE(ffs_report_at_exit());
  cr_assert(strstr(out, "Suppressions used:\n  count      bytes template\n      1          8 leak:in_make_label_a\n"), "%s", out);
}

Test(report, all_leak_groups_suppressed) {
  load("leak:in_make_label_?\n");
  CAPTURE(leak_report());
  cr_assert_str_empty(out, "%s", out);
  cr_assert_eq(ffs_report_count(), 0);
  CAPTURE(ffs_report_at_exit());
  cr_assert(strstr(out, "      3         20 leak:in_make_label_?\n"), "%s", out);
}

Test(report, no_table_without_leaks_or_verbosity) {
  load("double-free:in_victim_function\n");
  CAPTURE(error_report("double-free", in_victim_function()));
  CAPTURE(ffs_report_at_exit());
  cr_assert_str_empty(out, "%s", out);
}

/* Folding keys on the first frame outside the runtime: in this test binary
 * the runtime is linked in, so the sites are pcs inside libc. */
Test(report, duplicates_folded_with_halt_on_error_0) {
  load("");
  ffs_flags.halt_on_error = false;
  uintptr_t v = (uintptr_t)puts + 4, o = (uintptr_t)fputs + 4;
  CAPTURE(for (int i = 0; i < 3; i++) error_report("double-free", v));
  cr_assert_eq(count(out, "ERROR: FFISan: double-free"), 1, "%s", out);
  CAPTURE(error_report("invalid-free", v); error_report("double-free", o));
  cr_assert_eq(count(out, "ERROR: FFISan:"), 2, "other kind, other site: printed\n%s", out);
  cr_assert_eq(ffs_report_count(), 3);
  CAPTURE(ffs_report_at_exit());
  cr_assert(strstr(out, "FFISan: 2 duplicate report(s) suppressed (double-free at "), "%s", out);
  cr_assert(strstr(out, " x2)\n"), "%s", out);
  cr_assert_eq(count(out, "\n"), 1, "%s", out);
  CAPTURE(ffs_report_at_exit());
  cr_assert_str_empty(out, "at-exit work runs once");
}

Test(report, no_folding_when_halting_or_disabled) {
  load("");
  ffs_flags.halt_on_error = false;
  ffs_flags.dedup_reports = false;
  uintptr_t v = (uintptr_t)puts + 4;
  CAPTURE(for (int i = 0; i < 3; i++) error_report("double-free", v));
  cr_assert_eq(count(out, "ERROR: FFISan: double-free"), 3, "%s", out);
  ffs_flags.halt_on_error = true; /* (no halting here: ffs_report_end(false)) */
  ffs_flags.dedup_reports = true;
  CAPTURE(for (int i = 0; i < 2; i++) error_report("double-free", v));
  cr_assert_eq(count(out, "ERROR: FFISan: double-free"), 2, "halt_on_error=1: no folding\n%s", out);
}

/* ------------------------------------------------------------ json */

Test(report, json_escapes_text) {
  load("");
  ffs_flags.report_format = "json";
  uintptr_t v = in_victim_function();
  CAPTURE({
    cr_assert(ffs_report_begin());
    ffs_report_printf("==1==ERROR: FFISan: double-free on 0x10 in thread T3\n");
    ffs_report_printf("note with \"quotes\", a \\ backslash, a \t tab, bad \xff utf-8, good \xc3\xa9\n");
    ffs_report_printf("here:\n");
    ffs_report_pcs(&v, 1);
    ffs_report_printf("SUMMARY: FFISan: double-free x.c:1 in f\n");
    ffs_report_end(false);
  });
  cr_assert_eq(count(out, "\n"), 1, "one line:\n%s", out);
  cr_assert(strstr(out, "{\"kind\":\"double-free\",\"message\":\"double-free on 0x10 in thread T3\","
                        "\"summary\":\"double-free x.c:1 in f\",\"pid\":"), "%s", out);
  cr_assert(strstr(out, "\"thread\":3,"), "%s", out);
  cr_assert(strstr(out, "\"notes\":[\"note with \\\"quotes\\\", a \\\\ backslash, a \\u0009 tab, "
                        "bad \\ufffd utf-8, good \xc3\xa9\"]}\n"), "%s", out);
  cr_assert(strstr(out, "\"stacks\":[{\"title\":\"here:\",\"frames\":[{\"pc\":\"0x"), "%s", out);
  cr_assert(strstr(out, "\"function\":\"in_victim_function\""), "%s", out);
}
