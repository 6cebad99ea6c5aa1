/* Unit tests for runtime/flags.c: ffs_flags_parse defaults, every flag type,
 * separators, quoting, malformed entries (one "ERROR:" line each, default
 * kept, the good entries still applied), long values and repeated flags.
 * Each Criterion test runs in its own process, so changing ffs_flags here
 * does not leak into other tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flags.h"

/* ------------------------------------------------------------ helpers */

/* Runs ffs_flags_parse(opts) with fd 2 redirected to a temporary file and
 * copies what was written there into out (NUL-terminated). */
static int parse_capture(const char *opts, char *out, size_t outsz) {
  fflush(stderr);
  FILE *tmp = tmpfile();
  cr_assert_not_null(tmp, "tmpfile");
  int saved = dup(2);
  cr_assert_geq(saved, 0, "dup(2)");
  cr_assert_geq(dup2(fileno(tmp), 2), 0, "dup2");
  int rt_fd = ffs_stderr_fd; /* the runtime writes to its own stderr copy */
  ffs_stderr_fd = 2;
  int bad = ffs_flags_parse(opts);
  ffs_stderr_fd = rt_fd;
  cr_assert_geq(dup2(saved, 2), 0, "dup2 back");
  close(saved);
  off_t len = lseek(fileno(tmp), 0, SEEK_END);
  cr_assert_geq(len, 0);
  if ((size_t)len >= outsz) len = (off_t)(outsz - 1); /* keep the first part */
  ssize_t got = pread(fileno(tmp), out, (size_t)len, 0);
  cr_assert_eq(got, len, "pread");
  out[got] = 0;
  fclose(tmp);
  return bad;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

/* Returns line i (0-based) of s in buf. */
static const char *line_at(const char *s, int i, char *buf, size_t bufsz) {
  for (; i > 0 && *s; s++)
    if (*s == '\n') i--;
  size_t n = 0;
  while (s[n] && s[n] != '\n' && n + 1 < bufsz) {
    buf[n] = s[n];
    n++;
  }
  buf[n] = 0;
  return buf;
}

/* Parses opts (expected to contain exactly as many bad entries as names
 * given) and checks one "ERROR:" line per bad entry, in order, each naming
 * the offending option. */
static void expect_errors(const char *opts, int nbad, const char *const *names) {
  static char err[1 << 16];
  int bad = parse_capture(opts, err, sizeof err);
  cr_assert_eq(bad, nbad, "ffs_flags_parse(\"%s\") returned %d, want %d; stderr:\n%s", opts,
               bad, nbad, err);
  cr_assert_eq(count_lines(err), nbad, "want %d error lines for \"%s\", got:\n%s", nbad, opts,
               err);
  for (int i = 0; i < nbad; i++) {
    char line[2048];
    line_at(err, i, line, sizeof line);
    cr_assert_not_null(strstr(line, "ERROR:"), "line %d lacks ERROR: '%s'", i, line);
    cr_assert_not_null(strstr(line, "FFISan"), "line %d lacks the FFISan prefix: '%s'", i,
                       line);
    cr_assert_not_null(strstr(line, names[i]), "line %d does not name '%s': '%s'", i,
                       names[i], line);
  }
}

static void expect_one_error(const char *opts, const char *name) {
  expect_errors(opts, 1, &name);
}

/* Parses opts, which must be entirely valid and print nothing. */
static void parse_ok(const char *opts) {
  static char err[1 << 16];
  int bad = parse_capture(opts, err, sizeof err);
  cr_assert_eq(bad, 0, "ffs_flags_parse(\"%.200s\") returned %d; stderr:\n%.2000s", opts, bad,
               err);
  cr_assert_str_empty(err, "valid options printed:\n%s", err);
}

static void scramble_flags(void) {
  ffs_flags.log_path = "junk";
  ffs_flags.halt_on_error = false;
  ffs_flags.abort_on_error = true;
  ffs_flags.exitcode = 77;
  ffs_flags.detect_leaks = FFS_LEAKS_ALL;
  ffs_flags.quarantine_size_mb = 3;
  ffs_flags.malloc_context_size = 5;
  ffs_flags.fast_unwind_on_malloc = true;
  ffs_flags.symbolize = false;
  ffs_flags.verbosity = 9;
  ffs_flags.help = true;
}

static void expect_defaults(void) {
  cr_assert_str_eq(ffs_flags.log_path, "stderr");
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.abort_on_error, false);
  cr_assert_eq(ffs_flags.exitcode, 1);
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_BOUNDARY);
  cr_assert_eq(ffs_flags.quarantine_size_mb, 256);
  cr_assert_eq(ffs_flags.malloc_context_size, 30);
  cr_assert_eq(ffs_flags.fast_unwind_on_malloc, false);
  cr_assert_eq(ffs_flags.symbolize, true);
  cr_assert_eq(ffs_flags.verbosity, 0);
  cr_assert_eq(ffs_flags.help, false);
}

/* ------------------------------------------------------------ defaults */

Test(flags, defaults_when_null) {
  scramble_flags();
  parse_ok(NULL);
  expect_defaults();
}

Test(flags, defaults_when_empty) {
  scramble_flags();
  parse_ok("");
  expect_defaults();
  scramble_flags();
  parse_ok(": , \n\t\r::");
  expect_defaults();
}

Test(flags, previous_parse_is_forgotten) {
  parse_ok("exitcode=9:log_path=/tmp/x:detect_leaks=all");
  cr_assert_eq(ffs_flags.exitcode, 9);
  parse_ok("verbosity=1");
  cr_assert_eq(ffs_flags.exitcode, 1, "a new parse starts from the defaults");
  cr_assert_str_eq(ffs_flags.log_path, "stderr");
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_BOUNDARY);
  cr_assert_eq(ffs_flags.verbosity, 1);
}

/* ------------------------------------------------------------ flag types */

Test(flags, bool_values) {
  parse_ok("halt_on_error=0:abort_on_error=1:symbolize=false:help=true");
  cr_assert_eq(ffs_flags.halt_on_error, false);
  cr_assert_eq(ffs_flags.abort_on_error, true);
  cr_assert_eq(ffs_flags.symbolize, false);
  cr_assert_eq(ffs_flags.help, true);
  parse_ok("halt_on_error=no:abort_on_error=yes:fast_unwind_on_malloc=1:help=false");
  cr_assert_eq(ffs_flags.halt_on_error, false);
  cr_assert_eq(ffs_flags.abort_on_error, true);
  cr_assert_eq(ffs_flags.fast_unwind_on_malloc, true);
  cr_assert_eq(ffs_flags.help, false);
  parse_ok("halt_on_error=1:symbolize=1");
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.symbolize, true);
}

Test(flags, int_values) {
  parse_ok("exitcode=0:verbosity=2:quarantine_size_mb=0:malloc_context_size=0");
  cr_assert_eq(ffs_flags.exitcode, 0);
  cr_assert_eq(ffs_flags.verbosity, 2);
  cr_assert_eq(ffs_flags.quarantine_size_mb, 0);
  cr_assert_eq(ffs_flags.malloc_context_size, 0);
  /* Range limits are inclusive. */
  parse_ok("exitcode=255:malloc_context_size=64:quarantine_size_mb=2147483647");
  cr_assert_eq(ffs_flags.exitcode, 255);
  cr_assert_eq(ffs_flags.malloc_context_size, 64);
  cr_assert_eq(ffs_flags.quarantine_size_mb, 2147483647);
  parse_ok("exitcode=007:verbosity=-3");
  cr_assert_eq(ffs_flags.exitcode, 7);
  cr_assert_eq(ffs_flags.verbosity, -3);
}

Test(flags, leaks_values) {
  static const struct { const char *v; int want; } cases[] = {
      {"0", FFS_LEAKS_OFF},           {"false", FFS_LEAKS_OFF},
      {"1", FFS_LEAKS_BOUNDARY},      {"true", FFS_LEAKS_BOUNDARY},
      {"boundary", FFS_LEAKS_BOUNDARY}, {"all", FFS_LEAKS_ALL},
      {"2", FFS_LEAKS_ALL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char opts[64];
    snprintf(opts, sizeof opts, "detect_leaks=%s", cases[i].v);
    ffs_flags.detect_leaks = 99;
    parse_ok(opts);
    cr_assert_eq(ffs_flags.detect_leaks, cases[i].want, "%s", opts);
  }
  expect_one_error("detect_leaks=some", "detect_leaks");
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_BOUNDARY);
  expect_one_error("detect_leaks=3", "detect_leaks");
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_BOUNDARY);
}

Test(flags, str_value) {
  parse_ok("log_path=/tmp/ffisan-report");
  cr_assert_str_eq(ffs_flags.log_path, "/tmp/ffisan-report");
  parse_ok("log_path=stdout");
  cr_assert_str_eq(ffs_flags.log_path, "stdout");
  parse_ok("log_path=");
  cr_assert_str_eq(ffs_flags.log_path, "", "an empty string value is a string");
}

/* ------------------------------------------------------------ separators */

Test(flags, all_separators) {
  parse_ok("exitcode=3:verbosity=1 symbolize=0,help=1\nabort_on_error=1\t"
           "fast_unwind_on_malloc=1\r\ndetect_leaks=all");
  cr_assert_eq(ffs_flags.exitcode, 3);
  cr_assert_eq(ffs_flags.verbosity, 1);
  cr_assert_eq(ffs_flags.symbolize, false);
  cr_assert_eq(ffs_flags.help, true);
  cr_assert_eq(ffs_flags.abort_on_error, true);
  cr_assert_eq(ffs_flags.fast_unwind_on_malloc, true);
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_ALL);
}

Test(flags, runs_of_separators_and_trailing) {
  parse_ok("::,  exitcode=4,,:: \n\nverbosity=2::,");
  cr_assert_eq(ffs_flags.exitcode, 4);
  cr_assert_eq(ffs_flags.verbosity, 2);
}

/* ------------------------------------------------------------ quoting */

Test(flags, double_quoted_value_keeps_separators) {
  parse_ok("log_path=\"/tmp/a b\":exitcode=5");
  cr_assert_str_eq(ffs_flags.log_path, "/tmp/a b");
  cr_assert_eq(ffs_flags.exitcode, 5);
}

Test(flags, single_quoted_value_keeps_every_separator) {
  parse_ok("verbosity=1 log_path='/tmp/c:d,e f\ng\th' exitcode=6");
  cr_assert_str_eq(ffs_flags.log_path, "/tmp/c:d,e f\ng\th");
  cr_assert_eq(ffs_flags.verbosity, 1);
  cr_assert_eq(ffs_flags.exitcode, 6);
}

Test(flags, other_quote_inside_quotes) {
  parse_ok("log_path=\"it's\":exitcode=2");
  cr_assert_str_eq(ffs_flags.log_path, "it's");
  cr_assert_eq(ffs_flags.exitcode, 2);
  parse_ok("log_path='say \"hi\"'");
  cr_assert_str_eq(ffs_flags.log_path, "say \"hi\"");
}

Test(flags, quoted_int_and_empty_quotes) {
  parse_ok("exitcode=\"42\":log_path=''");
  cr_assert_eq(ffs_flags.exitcode, 42);
  cr_assert_str_eq(ffs_flags.log_path, "");
}

/* ------------------------------------------------------------ malformed */

Test(flags, unknown_name) {
  expect_one_error("nosuch_flag=1:exitcode=7", "nosuch_flag");
  cr_assert_eq(ffs_flags.exitcode, 7, "good entries after a bad one still apply");
  expect_one_error("exitcode=8:Halt_On_Error=0", "Halt_On_Error");
  cr_assert_eq(ffs_flags.exitcode, 8);
  cr_assert_eq(ffs_flags.halt_on_error, true, "names are case-sensitive");
}

Test(flags, missing_equals) {
  expect_one_error("halt_on_error:exitcode=9", "halt_on_error");
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.exitcode, 9);
  /* "name value" is two entries, both without '='. */
  const char *names[] = {"verbosity", "2"};
  expect_errors("verbosity 2", 2, names);
  cr_assert_eq(ffs_flags.verbosity, 0);
}

Test(flags, bad_bool) {
  expect_one_error("halt_on_error=maybe:verbosity=1", "halt_on_error");
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.verbosity, 1);
  expect_one_error("symbolize=", "symbolize");
  cr_assert_eq(ffs_flags.symbolize, true);
  expect_one_error("help=2", "help");
  cr_assert_eq(ffs_flags.help, false);
  expect_one_error("abort_on_error=TRUE", "abort_on_error");
  cr_assert_eq(ffs_flags.abort_on_error, false);
}

Test(flags, bad_int) {
  static const char *const bad[] = {
      "exitcode=12x", "exitcode=x12", "exitcode=", "exitcode=-", "exitcode=1.5",
      "exitcode=+3",  "exitcode=0x10", "exitcode=1e3",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char opts[64];
    snprintf(opts, sizeof opts, "%s:verbosity=2", bad[i]);
    expect_one_error(opts, "exitcode");
    cr_assert_eq(ffs_flags.exitcode, 1, "%s", bad[i]);
    cr_assert_eq(ffs_flags.verbosity, 2, "%s", bad[i]);
  }
}

Test(flags, int_overflow) {
  expect_one_error("verbosity=2147483648", "verbosity");
  cr_assert_eq(ffs_flags.verbosity, 0);
  expect_one_error("verbosity=99999999999999999999999", "verbosity");
  cr_assert_eq(ffs_flags.verbosity, 0);
  expect_one_error("quarantine_size_mb=18446744073709551617", "quarantine_size_mb");
  cr_assert_eq(ffs_flags.quarantine_size_mb, 256);
  parse_ok("verbosity=2147483647");
  cr_assert_eq(ffs_flags.verbosity, 2147483647);
}

Test(flags, out_of_range) {
  static const struct { const char *opts, *name; } cases[] = {
      {"malloc_context_size=1000", "malloc_context_size"},
      {"malloc_context_size=65", "malloc_context_size"},
      {"malloc_context_size=-1", "malloc_context_size"},
      {"exitcode=300", "exitcode"},
      {"exitcode=256", "exitcode"},
      {"exitcode=-1", "exitcode"},
      {"quarantine_size_mb=-1", "quarantine_size_mb"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char opts[128];
    snprintf(opts, sizeof opts, "symbolize=0:%s:help=1", cases[i].opts);
    expect_one_error(opts, cases[i].name);
    cr_assert_eq(ffs_flags.malloc_context_size, 30, "%s", opts);
    cr_assert_eq(ffs_flags.exitcode, 1, "%s", opts);
    cr_assert_eq(ffs_flags.quarantine_size_mb, 256, "%s", opts);
    cr_assert_eq(ffs_flags.symbolize, false, "%s", opts);
    cr_assert_eq(ffs_flags.help, true, "%s", opts);
  }
}

Test(flags, bad_entry_changes_nothing) {
  /* A rejected entry leaves the flag as it was, here the earlier good value. */
  expect_one_error("exitcode=5:exitcode=300", "exitcode");
  cr_assert_eq(ffs_flags.exitcode, 5);
  expect_one_error("exitcode=5:exitcode=1x", "exitcode");
  cr_assert_eq(ffs_flags.exitcode, 5);
}

Test(flags, many_bad_entries_counted_in_order) {
  static const char *const names[] = {"exitcode", "nosuch", "halt_on_error",
                                      "quarantine_size_mb", "malloc_context_size",
                                      "abort_on_error"};
  expect_errors("exitcode=300:verbosity=2:nosuch=1:symbolize=0:halt_on_error=maybe,"
                "quarantine_size_mb=-1 detect_leaks=all\nmalloc_context_size=1000:"
                "abort_on_error:log_path=/tmp/ok",
                6, names);
  cr_assert_eq(ffs_flags.exitcode, 1);
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.quarantine_size_mb, 256);
  cr_assert_eq(ffs_flags.malloc_context_size, 30);
  cr_assert_eq(ffs_flags.abort_on_error, false);
  cr_assert_eq(ffs_flags.verbosity, 2);
  cr_assert_eq(ffs_flags.symbolize, false);
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_ALL);
  cr_assert_str_eq(ffs_flags.log_path, "/tmp/ok");
}

Test(flags, unterminated_quote_takes_the_rest) {
  parse_ok("exitcode=3:log_path=\"/tmp/x y:verbosity=2");
  cr_assert_str_eq(ffs_flags.log_path, "/tmp/x y:verbosity=2");
  cr_assert_eq(ffs_flags.exitcode, 3);
  cr_assert_eq(ffs_flags.verbosity, 0);
}

/* ------------------------------------------------------------ long values */

Test(flags, long_string_value) {
  static char opts[8192], want[4096];
  memset(want, 'p', 4095);
  want[0] = '/';
  want[4095] = 0;
  snprintf(opts, sizeof opts, "verbosity=1:log_path=%s:exitcode=4", want);
  parse_ok(opts);
  cr_assert_eq(strlen(ffs_flags.log_path), 4095);
  cr_assert_str_eq(ffs_flags.log_path, want);
  cr_assert_eq(ffs_flags.verbosity, 1);
  cr_assert_eq(ffs_flags.exitcode, 4);
}

/* A value longer than the 4095 bytes a string flag can hold is either kept
 * whole or rejected with an error; never silently cut short. */
Test(flags, too_long_string_not_truncated) {
  static char opts[8192], val[5001];
  memset(val, 'q', 5000);
  val[0] = '/';
  val[5000] = 0;
  snprintf(opts, sizeof opts, "log_path=%s:exitcode=4", val);
  static char err[1 << 16];
  int bad = parse_capture(opts, err, sizeof err);
  cr_assert_eq(ffs_flags.exitcode, 4);
  if (bad == 0) {
    cr_assert_str_eq(ffs_flags.log_path, val, "log_path accepted but cut to %zu bytes",
                     strlen(ffs_flags.log_path));
  } else {
    cr_assert_eq(bad, 1);
    cr_assert_eq(count_lines(err), 1, "got:\n%s", err);
    cr_assert_not_null(strstr(err, "ERROR:"));
    cr_assert_not_null(strstr(err, "log_path"));
    cr_assert_str_eq(ffs_flags.log_path, "stderr");
  }
}

Test(flags, long_bad_value_is_one_line) {
  static char opts[8192];
  size_t n = (size_t)snprintf(opts, sizeof opts, "halt_on_error=");
  memset(opts + n, 'z', 3000);
  strcpy(opts + n + 3000, ":exitcode=3");
  static char err[1 << 16];
  int bad = parse_capture(opts, err, sizeof err);
  cr_assert_eq(bad, 1);
  cr_assert_eq(count_lines(err), 1, "got:\n%s", err);
  cr_assert_not_null(strstr(err, "ERROR:"));
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.exitcode, 3);
}

/* The error line names the option even when the rejected value is long
 * (the value must not push the name out of the line). */
Test(flags, long_bad_value_names_the_option) {
  static char opts[8192];
  size_t n = (size_t)snprintf(opts, sizeof opts, "exitcode=");
  memset(opts + n, '7', 1000);
  strcpy(opts + n + 1000, ":verbosity=1");
  expect_one_error(opts, "exitcode");
  cr_assert_eq(ffs_flags.exitcode, 1);
  cr_assert_eq(ffs_flags.verbosity, 1);
}

/* A quoted bad value may contain a newline; the report stays one line. */
Test(flags, bad_value_with_newline_is_one_line) {
  expect_one_error("halt_on_error='ma\nybe':exitcode=3", "halt_on_error");
  cr_assert_eq(ffs_flags.halt_on_error, true);
  cr_assert_eq(ffs_flags.exitcode, 3);
}

Test(flags, long_name_is_unknown) {
  static char opts[512];
  memset(opts, 'n', 300);
  strcpy(opts + 300, "=1:exitcode=2");
  static char err[1 << 16];
  int bad = parse_capture(opts, err, sizeof err);
  cr_assert_eq(bad, 1);
  cr_assert_eq(count_lines(err), 1, "got:\n%s", err);
  cr_assert_not_null(strstr(err, "ERROR:"));
  cr_assert_not_null(strstr(err, "nnnnnnnnnnnnnnnnnnnn"));
  cr_assert_eq(ffs_flags.exitcode, 2);
}

/* ------------------------------------------------------------ repeats */

Test(flags, repeated_flag_last_wins) {
  parse_ok("exitcode=3:exitcode=4,exitcode=5");
  cr_assert_eq(ffs_flags.exitcode, 5);
  parse_ok("detect_leaks=all:detect_leaks=0");
  cr_assert_eq(ffs_flags.detect_leaks, FFS_LEAKS_OFF);
  parse_ok("log_path=/a:log_path=/b:log_path=/c");
  cr_assert_str_eq(ffs_flags.log_path, "/c");
}

/* Repeating a string flag must not exhaust the string storage: many short
 * repeats, then one long value. */
Test(flags, repeated_string_flag_many_times) {
  static char opts[1 << 16];
  size_t n = 0;
  for (int i = 0; i < 1000; i++)
    n += (size_t)snprintf(opts + n, sizeof opts - n, "log_path=/tmp/r%d:", i);
  snprintf(opts + n, sizeof opts - n, "exitcode=6");
  parse_ok(opts);
  cr_assert_str_eq(ffs_flags.log_path, "/tmp/r999");
  cr_assert_eq(ffs_flags.exitcode, 6);
}
