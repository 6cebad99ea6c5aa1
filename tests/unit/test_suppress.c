/* Unit tests for runtime/suppress.c: the glob (LSan template) matcher, the
 * parser on good files (comments, blank lines, spaces, CRLF) and on
 * malformed lines (one "ERROR: suppressions file F:LINE: why" each, the
 * good lines still kept), reading files (unreadable, directory, empty,
 * no final newline), and matching rules against frames by kind, function,
 * file and module (leak = both leak kinds, lib = modules only). Each
 * Criterion test runs in its own process. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suppress.h"

/* ------------------------------------------------------------ helpers */

static char err[1 << 16];

/* Runs fn with fd 2 going to a temporary file; its text lands in err. The
 * runtime writes to its own copy of the start-up stderr: point it at fd 2. */
#define CAPTURE(stmt)                                                        \
  do {                                                                       \
    fflush(stderr);                                                          \
    FILE *tmp_ = tmpfile();                                                  \
    int saved_ = dup(2), rt_fd_ = ffs_stderr_fd;                             \
    dup2(fileno(tmp_), 2);                                                   \
    ffs_stderr_fd = 2;                                                       \
    stmt;                                                                    \
    ffs_stderr_fd = rt_fd_;                                                  \
    dup2(saved_, 2);                                                         \
    close(saved_);                                                           \
    ssize_t n_ = pread(fileno(tmp_), err, sizeof err - 1, 0);                \
    err[n_ > 0 ? n_ : 0] = 0;                                                \
    fclose(tmp_);                                                            \
  } while (0)

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

static int parse(const char *text) {
  int bad;
  CAPTURE(bad = ffs_suppress_parse("supp.txt", text, strlen(text)));
  return bad;
}

static const char *rule_text(int i, char *buf, size_t size) {
  const char *kind, *pat;
  uint64_t hits, bytes;
  cr_assert(ffs_suppress_rule(i, &kind, &pat, &hits, &bytes), "no rule %d", i);
  snprintf(buf, size, "%s:%s", kind, pat);
  return buf;
}

static ffs_frame_info frame(const char *fn, const char *file, const char *module) {
  ffs_frame_info f = {0};
  f.function = fn;
  f.file = file;
  f.module = module;
  f.line = 1;
  return f;
}

static void init(void) { ffs_suppress_reset(); }

/* ------------------------------------------------------------ glob */

Test(glob, unanchored_matches_anywhere) {
  cr_assert(ffs_glob_match("free", "free"));
  cr_assert(ffs_glob_match("free", "c_free_name"));
  cr_assert(ffs_glob_match("libfoo.so", "/usr/lib/libfoo.so.1"));
  cr_assert_not(ffs_glob_match("freed", "free"));
  cr_assert_not(ffs_glob_match("x", ""));
  cr_assert_not(ffs_glob_match("x", NULL));
  cr_assert(ffs_glob_match("", "anything"), "empty pattern: matches anywhere");
}

Test(glob, anchors) {
  cr_assert(ffs_glob_match("^c_free", "c_free_name"));
  cr_assert_not(ffs_glob_match("^free", "c_free_name"));
  cr_assert(ffs_glob_match("name$", "c_free_name"));
  cr_assert_not(ffs_glob_match("free$", "c_free_name"));
  cr_assert(ffs_glob_match("^c_free_name$", "c_free_name"));
  cr_assert_not(ffs_glob_match("^c_free_name$", "c_free_names"));
  cr_assert_not(ffs_glob_match("^c_free_name$", "xc_free_name"));
  cr_assert(ffs_glob_match("^$", ""));
  cr_assert_not(ffs_glob_match("^$", "a"));
}

Test(glob, star_and_question_mark) {
  cr_assert(ffs_glob_match("^*/libfoo.so*", "/usr/lib/libfoo.so.1"));
  cr_assert(ffs_glob_match("^a*b*c$", "aXXbYYc"));
  cr_assert(ffs_glob_match("^a*b*c$", "abc"));
  cr_assert_not(ffs_glob_match("^a*b*c$", "aXXbYYcd"));
  cr_assert(ffs_glob_match("^a*c$", "abcbcbc"), "backtracking over repeated suffixes");
  cr_assert(ffs_glob_match("lib?.c$", "/src/lib1.c"));
  cr_assert_not(ffs_glob_match("lib?.c$", "/src/lib.c"));
  cr_assert(ffs_glob_match("^???$", "abc"));
  cr_assert_not(ffs_glob_match("^???$", "ab"));
  cr_assert(ffs_glob_match("^*$", ""));
  cr_assert(ffs_glob_match("**", "x"));
  cr_assert(ffs_glob_match("core::ptr::drop_in_place<*>", "core::ptr::drop_in_place<alloc::string::String>"));
}

Test(glob, long_text_is_linear_enough) {
  static char text[20001];
  memset(text, 'a', sizeof text - 1);
  cr_assert_not(ffs_glob_match("^*a*a*a*a*a*b$", text));
  cr_assert(ffs_glob_match("^*a*a*a*a*a$", text));
}

/* ------------------------------------------------------------ parser: good files */

Test(parse, comments_blank_lines_spaces_crlf, .init = init) {
  const char *text = "# a comment\n"
                     "\n"
                     "   \t\n"
                     "  # indented comment\n"
                     "alloc-dealloc-mismatch:c_release_buffer\n"
                     "  double-free : c_free_name  \r\n"
                     "leak:strdup\r\n"
                     "lib:*/libfoo.so*\n"
                     "heap-use-after-free:operator delete(void*)";  /* no final newline */
  cr_assert_eq(parse(text), 0);
  cr_assert_str_empty(err, "good file printed:\n%s", err);
  cr_assert_eq(ffs_suppress_count_rules(), 5);
  char buf[256];
  cr_assert_str_eq(rule_text(0, buf, sizeof buf), "alloc-dealloc-mismatch:c_release_buffer");
  cr_assert_str_eq(rule_text(1, buf, sizeof buf), "double-free:c_free_name");
  cr_assert_str_eq(rule_text(2, buf, sizeof buf), "leak:strdup");
  cr_assert_str_eq(rule_text(3, buf, sizeof buf), "lib:*/libfoo.so*");
  cr_assert_str_eq(rule_text(4, buf, sizeof buf), "heap-use-after-free:operator delete(void*)");
}

Test(parse, every_bug_kind_word_is_accepted, .init = init) {
  const char *kinds[] = {"alloc-dealloc-mismatch", "double-free", "invalid-free",
                         "heap-use-after-free", "heap-buffer-overflow", "use-after-transfer",
                         "dangling-argument", "argument-out-of-bounds",
                         "write-through-shared-borrow", "use-after-borrow",
                         "mut-borrow-overlap", "stack-address-escape", "boundary-leak",
                         "memory-leak", "unwind-across-boundary", "invalid-value",
                         "layout-mismatch", "signature-mismatch", "leak", "lib"};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    char line[128];
    snprintf(line, sizeof line, "%s:x\n", kinds[i]);
    cr_assert_eq(parse(line), 0, "kind %s rejected: %s", kinds[i], err);
    cr_assert(ffs_suppress_kind_known(kinds[i]));
  }
  cr_assert_not(ffs_suppress_kind_known("Double-Free"));
}

Test(parse, pattern_keeps_colons, .init = init) {
  cr_assert_eq(parse("alloc-dealloc-mismatch:core::ptr::drop_in_place\n"), 0);
  char buf[256];
  cr_assert_str_eq(rule_text(0, buf, sizeof buf), "alloc-dealloc-mismatch:core::ptr::drop_in_place");
}

/* ------------------------------------------------------------ parser: malformed lines */

Test(parse, malformed_lines_one_error_each_good_lines_kept, .init = init) {
  const char *text = "# header\n"                        /* 1 */
                     "no colon here\n"                   /* 2 */
                     ":c_release_buffer\n"               /* 3 */
                     "heap-use-after-fre:x\n"            /* 4 */
                     "double-free:   \n"                 /* 5 */
                     "double-free:good_one\n"            /* 6 */
                     "Leak:x\n"                          /* 7 */
                     "lib\n";                            /* 8 */
  cr_assert_eq(parse(text), 6, "stderr:\n%s", err);
  cr_assert_eq(count_lines(err), 6, "one line per bad line:\n%s", err);
  cr_assert_not_null(strstr(err, "FFISan: ERROR: suppressions file supp.txt:2: expected 'kind:pattern', got 'no colon here'; line ignored\n"), "%s", err);
  cr_assert_not_null(strstr(err, "supp.txt:3: missing bug kind before ':'; line ignored\n"), "%s", err);
  cr_assert_not_null(strstr(err, "supp.txt:4: unknown kind 'heap-use-after-fre' (expected a bug kind such as alloc-dealloc-mismatch, 'leak' or 'lib'); line ignored\n"), "%s", err);
  cr_assert_not_null(strstr(err, "supp.txt:5: empty pattern after 'double-free:'; line ignored\n"), "%s", err);
  cr_assert_not_null(strstr(err, "supp.txt:7: unknown kind 'Leak'"), "%s", err);
  cr_assert_not_null(strstr(err, "supp.txt:8: expected 'kind:pattern', got 'lib'"), "%s", err);
  cr_assert_eq(ffs_suppress_count_rules(), 1);
  char buf[256];
  cr_assert_str_eq(rule_text(0, buf, sizeof buf), "double-free:good_one");
  cr_assert(strncmp(err, "==", 2) == 0, "errors start with ==PID==: %s", err);
}

Test(parse, long_line_and_nul_byte, .init = init) {
  static char text[6000];
  memset(text, 'x', 5000);
  memcpy(text, "leak:", 5);
  strcpy(text + 5000, "\nleak:ok\n");
  cr_assert_eq(parse(text), 1);
  cr_assert_not_null(strstr(err, "supp.txt:1: line longer than 4095 bytes; line ignored"), "%s", err);
  const char nul[] = "leak:a\0b\nleak:fine\n";
  int bad;
  CAPTURE(bad = ffs_suppress_parse("supp.txt", nul, sizeof nul - 1));
  cr_assert_eq(bad, 1);
  cr_assert_not_null(strstr(err, "supp.txt:1: line contains a NUL byte; line ignored"), "%s", err);
  cr_assert_eq(ffs_suppress_count_rules(), 2, "leak:ok and leak:fine");
}

Test(parse, unprintable_text_is_shown_safely, .init = init) {
  cr_assert_eq(parse("bad\x01kind\x7f:x\n"), 1);
  cr_assert_not_null(strstr(err, "unknown kind 'bad?kind?'"), "%s", err);
  cr_assert_eq(count_lines(err), 1);
}

/* ------------------------------------------------------------ reading files */

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(text, f);
  fclose(f);
}

Test(load, reads_a_file_once, .init = init) {
  char path[] = "/tmp/ffisan-supp-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  write_file(path, "# x\nleak:a\nbogus\ndouble-free:b");
  CAPTURE(ffs_suppress_load(path));
  cr_assert_eq(ffs_suppress_count_rules(), 2);
  cr_assert_eq(count_lines(err), 1, "%s", err);
  cr_assert_not_null(strstr(err, ":3: expected 'kind:pattern', got 'bogus'"), "%s", err);
  CAPTURE(ffs_suppress_load(path));
  cr_assert_eq(ffs_suppress_count_rules(), 2, "a second load does nothing");
  cr_assert_str_empty(err);
  unlink(path);
}

Test(load, unreadable_file_one_error_no_rules, .init = init) {
  CAPTURE(ffs_suppress_load("/nonexistent/dir/supp.txt"));
  cr_assert_eq(ffs_suppress_count_rules(), 0);
  cr_assert_eq(count_lines(err), 1, "%s", err);
  cr_assert_not_null(strstr(err, "FFISan: ERROR: cannot read suppressions file '/nonexistent/dir/supp.txt': No such file or directory; no suppressions apply\n"), "%s", err);
}

Test(load, directory_and_empty_path, .init = init) {
  CAPTURE(ffs_suppress_load("/tmp"));
  cr_assert_not_null(strstr(err, "cannot read suppressions file '/tmp': is a directory"), "%s", err);
  ffs_suppress_reset();
  CAPTURE(ffs_suppress_load(""));
  cr_assert_str_empty(err, "no file given: silent");
  cr_assert_eq(ffs_suppress_count_rules(), 0);
}

Test(load, empty_file_and_pipe, .init = init) {
  CAPTURE(ffs_suppress_load("/dev/null"));
  cr_assert_str_empty(err);
  cr_assert_eq(ffs_suppress_count_rules(), 0);
  int p[2];
  cr_assert_eq(pipe(p), 0);
  const char *text = "leak:from_a_pipe\n";
  cr_assert_eq(write(p[1], text, strlen(text)), (ssize_t)strlen(text));
  close(p[1]);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
  ffs_suppress_reset();
  CAPTURE(ffs_suppress_load(path));
  close(p[0]);
  cr_assert_str_empty(err, "%s", err);
  cr_assert_eq(ffs_suppress_count_rules(), 1, "st_size 0 is only a hint");
}

/* ------------------------------------------------------------ matching */

Test(match, by_function_file_or_module, .init = init) {
  parse("alloc-dealloc-mismatch:c_release_buffer\n"
        "double-free:src/widget.c$\n"
        "invalid-free:libvendor.so\n");
  ffs_frame_info fs[] = {frame("free", "runtime/malloc.c", "/x/libffisan.so"),
                         frame("c_release_buffer", "/p/src/lib.c", "/p/prog")};
  cr_assert_eq(ffs_suppress_match("alloc-dealloc-mismatch", fs, 2), 0);
  cr_assert_eq(ffs_suppress_match("double-free", fs, 2), -1, "kind must agree");
  ffs_frame_info gs[] = {frame("free", NULL, NULL), frame("w_free", "/p/src/widget.c", "/p/prog")};
  cr_assert_eq(ffs_suppress_match("double-free", gs, 2), 1);
  ffs_frame_info hs[] = {frame("helper", "h.c", "/opt/vendor/lib/libvendor.so.2")};
  cr_assert_eq(ffs_suppress_match("invalid-free", hs, 1), 2, "module path matches too");
  cr_assert_eq(ffs_suppress_match("alloc-dealloc-mismatch", hs, 1), -1);
  cr_assert_eq(ffs_suppress_match("", fs, 2), -1);
  cr_assert_eq(ffs_suppress_match("alloc-dealloc-mismatch", fs, 0), -1, "no frames: no match");
}

Test(match, leak_matches_both_leak_kinds_only, .init = init) {
  parse("leak:make_label\n");
  ffs_frame_info fs[] = {frame("make_label", "l.c", "/p/prog")};
  cr_assert_eq(ffs_suppress_match("boundary-leak", fs, 1), 0);
  cr_assert_eq(ffs_suppress_match("memory-leak", fs, 1), 0);
  cr_assert_eq(ffs_suppress_match("double-free", fs, 1), -1);
}

Test(match, lib_matches_modules_of_any_kind_only, .init = init) {
  parse("lib:libthird.so\n");
  ffs_frame_info by_name[] = {frame("libthird.so", "libthird.so", "/p/prog")};
  cr_assert_eq(ffs_suppress_match("double-free", by_name, 1), -1, "lib: looks at modules only");
  ffs_frame_info in_lib[] = {frame("f", "f.c", "/p/prog"), frame("g", NULL, "/usr/lib/libthird.so")};
  cr_assert_eq(ffs_suppress_match("double-free", in_lib, 2), 0);
  cr_assert_eq(ffs_suppress_match("boundary-leak", in_lib, 2), 0);
  cr_assert_eq(ffs_suppress_match("heap-buffer-overflow", in_lib, 2), 0);
}

Test(match, first_matching_rule_wins_and_uses_are_counted, .init = init) {
  parse("double-free:a\ndouble-free:b\n");
  ffs_frame_info fs[] = {frame("b", NULL, NULL), frame("a", NULL, NULL)};
  int r = ffs_suppress_match("double-free", fs, 2);
  cr_assert_eq(r, 0);
  ffs_suppress_note_use(r, 1, 0);
  ffs_suppress_note_use(1, 3, 48);
  ffs_suppress_note_use(7, 1, 1); /* out of range: ignored */
  const char *kind, *pat;
  uint64_t hits, bytes;
  cr_assert(ffs_suppress_rule(1, &kind, &pat, &hits, &bytes));
  cr_assert_eq(hits, 3);
  cr_assert_eq(bytes, 48);
  ffs_suppress_clear_uses();
  cr_assert(ffs_suppress_rule(0, &kind, &pat, &hits, &bytes));
  cr_assert_eq(hits, 0);
  cr_assert_not(ffs_suppress_rule(2, &kind, &pat, &hits, &bytes));
}
