/* report.c — the report pipeline (see report.h). A report's text is held
 * from ffs_report_begin until its first stack is known; then suppressions
 * and deduplication decide, and the rest streams one write(2) per line. Leak
 * reports are judged stack by stack (one stack per leak group). With
 * report_format=json/sarif the lines are parsed into a structure instead
 * and written at the report's end: one JSON line, or one more result of the
 * process's SARIF log (rewritten whole after each report, so it is complete
 * whenever the process stops). Everything runs under the report lock, in
 * static buffers and runtime memory (never malloc). */
#include "report.h"
#include "depot.h"
#include "flags.h"
#include "internal_alloc.h"
#include "suppress.h"
#include "symbolize.h"
#include "unwind.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ERROR_TAG "ERROR: FFISan: "
#define SUMMARY_TAG "SUMMARY: FFISan: "
#define MAX_FRAMES 512
#define MAX_SITES 256
#define MAX_KINDS 32

static ffs_spinlock report_lock = FFS_SPINLOCK_INIT;
static FFS_TLS int reporting, holding_lock;
static int report_count;
static char line[4096];
static size_t line_len;

/* ------------------------------------------------------------ buffers */

/* A growable string in runtime memory; on out-of-memory it stops growing. */
typedef struct { char *p; size_t len, cap; } sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = ffs_internal_realloc(b->p, cap);
    if (!p) return;
    b->p = p;
    b->cap = cap;
  }
  ffs_memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, ffs_strlen(s)); }

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = ffs_vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!len || len > n) return 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xc0) != 0x80) return 0;
  if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) || (c == 0xf0 && s[1] < 0x90) ||
      (c == 0xf4 && s[1] > 0x8f))
    return 0;
  return len;
}

/* A JSON string (escaped; bytes that are not UTF-8 become U+FFFD), or null. */
static void sb_json_n(sbuf *b, const char *s, size_t n) {
  if (!s) {
    sb_puts(b, "null");
    return;
  }
  sb_put(b, "\"", 1);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c;
      sb_put(b, esc, 2);
    } else if (c < 0x20 || c == 0x7f) {
      ffs_snprintf(esc, sizeof esc, "\\u%04x", c);
      sb_put(b, esc, 6);
    } else {
      size_t k = utf8_seq((const unsigned char *)s + i, n - i);
      if (k) sb_put(b, s + i, k);
      else sb_puts(b, "\\ufffd");
      i += k ? k : 1;
      continue;
    }
    i++;
  }
  sb_put(b, "\"", 1);
}

static void sb_json(sbuf *b, const char *s) { sb_json_n(b, s, s ? ffs_strlen(s) : 0); }

/* A file path as a SARIF URI: file:///abs/path or a relative reference,
 * percent-encoded outside the unreserved characters and '/'. */
static void sb_uri(sbuf *b, const char *path) {
  sb_put(b, "\"", 1);
  if (path[0] == '/') sb_puts(b, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    unsigned char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
        c == '-' || c == '.' || c == '_' || c == '~') {
      sb_put(b, (const char *)p, 1);
    } else {
      char esc[4] = {'%', "0123456789ABCDEF"[c >> 4], "0123456789ABCDEF"[c & 15], 0};
      sb_put(b, esc, 3);
    }
  }
  sb_put(b, "\"", 1);
}

/* ------------------------------------------------------------ output */

enum { FMT_TEXT, FMT_JSON, FMT_SARIF };
static int format = -1;
static const char *format_of; /* the flag value `format` was resolved from */

static int report_format(void) {
  const char *f = ffs_flags.report_format;
  if (format >= 0 && f == format_of) return format;
  format_of = f;
  if (!f || !*f || !ffs_strcmp(f, "text")) format = FMT_TEXT;
  else if (!ffs_strcmp(f, "json")) format = FMT_JSON;
  else if (!ffs_strcmp(f, "sarif")) format = FMT_SARIF;
  else {
    char shown[56];
    size_t n = 0;
    for (; f[n] && n < 48; n++) shown[n] = (f[n] >= ' ' && f[n] != 127) ? f[n] : '?';
    shown[n] = 0;
    ffs_warn("ERROR: option 'report_format': expected text, json or sarif (got '%s%s'); "
             "using the default", shown, f[n] ? "..." : "");
    format = FMT_TEXT;
  }
  return format;
}

/* Per-process output state: a forked child writes its own files. */
static int state_pid;
static int out_fd = -1;     /* text or JSON lines */
static bool sarif_to_std;   /* SARIF goes to stderr/stdout at exit */
static bool log_warned;

static bool log_to_files(void) {
  const char *p = ffs_flags.log_path;
  return p && *p && ffs_strcmp(p, "stderr") && ffs_strcmp(p, "stdout");
}

static int std_fd(void) {
  const char *p = ffs_flags.log_path;
  return p && !ffs_strcmp(p, "stdout") ? 1 : ffs_stderr_fd;
}

static void log_fallback(const char *what, const char *name, int err) {
  if (log_warned) return;
  log_warned = true;
  ffs_warn("WARNING: cannot %s '%s' (%s); writing reports to %s", what, name,
           strerrordesc_np(err), std_fd() == 1 ? "stdout" : "stderr");
}

/* mkdir -p of the directories leading to `name`; false (after a warning)
 * when one cannot be created. */
static bool make_parent_dirs(char *name) {
  for (char *s = name + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    int rc = mkdir(name, 0777), err = errno;
    bool ok = rc == 0 || err == EEXIST;
    if (!ok) log_fallback("create log directory", name, err);
    *s = '/';
    if (!ok) return false;
  }
  return true;
}

static void log_name(char *buf, size_t size, const char *suffix) {
  ffs_snprintf(buf, size, "%s.%d%s", ffs_flags.log_path, state_pid, suffix);
}

/* Opens <log_path>.<pid><suffix> for appending (creating its directory), or
 * returns -1 after one warning. */
static int open_log(const char *suffix, int flags) {
  char name[4200];
  log_name(name, sizeof name, suffix);
  if (!make_parent_dirs(name)) return -1;
  int fd = open(name, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
  if (fd < 0) log_fallback("open log_path file", name, errno);
  return fd;
}

static int report_fd(void) {
  if (out_fd >= 0) return out_fd;
  out_fd = std_fd();
  if (log_to_files()) {
    int fd = open_log(report_format() == FMT_JSON ? ".json" : "", O_APPEND);
    if (fd >= 0) out_fd = fd;
  }
  return out_fd;
}

static void out_write(const char *s, size_t n) {
  if (n) ffs_write_all(report_fd(), s, n);
}

/* ------------------------------------------------------------ dedup */

typedef struct {
  char kind[40];
  uintptr_t pc;
  const char *file;
  int line;
  uint64_t dups;
} site;

static site sites[MAX_SITES];
static int nsites;
static uint64_t total_dups;

/* True if (kind, pc) was reported before (and counts the duplicate). */
static bool seen_before(const char *kind, uintptr_t pc, const ffs_frame_info *f) {
  for (int i = 0; i < nsites; i++) {
    if (sites[i].pc != pc || ffs_strcmp(sites[i].kind, kind)) continue;
    sites[i].dups++;
    total_dups++;
    return true;
  }
  if (nsites < MAX_SITES) {
    site *s = &sites[nsites++];
    ffs_strlcpy(s->kind, kind, sizeof s->kind);
    s->pc = pc;
    s->file = f ? f->file : NULL;
    s->line = f ? f->line : 0;
    s->dups = 0;
  }
  return false;
}

/* ------------------------------------------------------------ SARIF log */

static sbuf sarif_results;
static int sarif_nresults;
static char sarif_kinds[MAX_KINDS][40];
static int sarif_nkinds;

static const struct { const char *kind, *text; } kind_help[] = {
    {"alloc-dealloc-mismatch", "A block was released by a different allocator family than made it."},
    {"double-free", "A block was released twice."},
    {"invalid-free", "Release of a pointer that is not the start of a live block."},
    {"heap-use-after-free", "Access to a released heap block."},
    {"heap-buffer-overflow", "Access outside a live heap block."},
    {"use-after-transfer", "Access by the side that gave a block away, after the new owner released it."},
    {"dangling-argument", "A pointer passed across the boundary points to released memory."},
    {"argument-out-of-bounds", "A (pointer, length) pair passed across the boundary spans past its block."},
    {"write-through-shared-borrow", "The callee wrote through a pointer lent as shared/read-only."},
    {"use-after-borrow", "A pointer lent for the duration of a call was used after the call returned."},
    {"mut-borrow-overlap", "An exclusive region overlaps another region of the same call."},
    {"stack-address-escape", "A pointer into a dead stack frame crossed the boundary and was used."},
    {"boundary-leak", "A block that crossed the Rust/C boundary is unreachable at exit."},
    {"memory-leak", "A heap block is unreachable at exit."},
    {"unwind-across-boundary", "An exception or panic unwound through a frame of the other language."},
    {"invalid-value", "A value invalid for its Rust type crossed the boundary."},
    {"layout-mismatch", "A type crossing the boundary has different layouts on the two sides."},
    {"signature-mismatch", "A Rust extern declaration disagrees with the C/C++ definition."},
    {"stack-buffer-overflow", "Access outside a stack object."},
    {"global-buffer-overflow", "Access outside a global variable."},
};

static const char *kind_text(const char *kind) {
  for (size_t i = 0; i < FFS_ARRAY_SIZE(kind_help); i++)
    if (!ffs_strcmp(kind_help[i].kind, kind)) return kind_help[i].text;
  return "A memory or boundary error found by ffisan.";
}

static int sarif_rule_index(const char *kind) {
  for (int i = 0; i < sarif_nkinds; i++)
    if (!ffs_strcmp(sarif_kinds[i], kind)) return i;
  if (sarif_nkinds == MAX_KINDS) return -1;
  ffs_strlcpy(sarif_kinds[sarif_nkinds], kind, sizeof sarif_kinds[0]);
  return sarif_nkinds++;
}

static const char *self_exe(void) {
  static char exe[1024];
  static int exe_pid;
  if (exe_pid != state_pid) {
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    exe_pid = state_pid;
  }
  return exe[0] ? exe : NULL;
}

/* The whole document, in pieces: everything before the results, then the
 * results, then the closing brackets. */
static void sarif_head(sbuf *b) {
  b->len = 0;
  sb_puts(b, "{\"$schema\":\"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
             "sarif-schema-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":"
             "{\"name\":\"ffisan\",\"rules\":[");
  for (int i = 0; i < sarif_nkinds; i++) {
    sb_puts(b, i ? ",{\"id\":" : "{\"id\":");
    sb_json(b, sarif_kinds[i]);
    sb_puts(b, ",\"shortDescription\":{\"text\":");
    sb_json(b, kind_text(sarif_kinds[i]));
    sb_puts(b, "},\"defaultConfiguration\":{\"level\":\"error\"}}");
  }
  sb_printf(b, "]}},\"invocations\":[{\"executionSuccessful\":true,\"processId\":%d", state_pid);
  const char *exe = self_exe();
  if (exe) {
    sb_puts(b, ",\"executableLocation\":{\"uri\":");
    sb_uri(b, exe);
    sb_puts(b, "}");
  }
  sb_puts(b, "}],\"results\":[");
}

static const char sarif_tail[] = "]}]}\n";

static void sarif_write_fd(int fd) {
  static sbuf head;
  sarif_head(&head);
  ffs_write_all(fd, head.p, head.len);
  if (sarif_results.len) ffs_write_all(fd, sarif_results.p, sarif_results.len);
  ffs_write_all(fd, sarif_tail, sizeof sarif_tail - 1);
}

/* Rewrites <log_path>.<pid>.sarif through a temporary file and rename(2), so
 * the file on disk is always a complete document. */
static void sarif_rewrite_file(void) {
  char name[4200], tmp[4210];
  log_name(name, sizeof name, ".sarif");
  ffs_snprintf(tmp, sizeof tmp, "%s.tmp", name);
  if (!make_parent_dirs(tmp)) {
    sarif_to_std = true;
    return;
  }
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    log_fallback("open log_path file", tmp, errno);
    sarif_to_std = true;
    return;
  }
  sarif_write_fd(fd);
  close(fd);
  if (rename(tmp, name) < 0) {
    log_fallback("rename log_path file to", name, errno);
    unlink(tmp);
    sarif_to_std = true;
  }
}

static int finished_pid; /* the process whose at-exit work is done */

/* Writes the log to stderr/stdout (at exit, or for a report after it) and
 * starts a new one, so no result is written twice. */
static void sarif_flush_std(void) {
  if (!sarif_nresults) return;
  sarif_write_fd(std_fd());
  sarif_results.len = 0;
  sarif_nresults = 0;
}

/* ------------------------------------------------------------ one report */

typedef enum { PH_HEAD, PH_STREAM, PH_DROP } phase;

static struct {
  bool active;
  phase ph;
  bool seen_error_line, leak, group_dropped, skip_blank;
  int stacks, kept_groups, thread;
  char kind[40];
  /* text held back: the head, or (leak reports) the current group's title */
  char pending[8192];
  size_t pending_len, last_line_off;
  /* the last text line before a stack: its title (and, for leaks, sizes) */
  char last[1024];
  bool have_title;
  uint64_t drop_bytes, drop_objs;
  /* structured output */
  sbuf message, summary, notes, stacks_out, related;
  int nstacks_out, nrelated;
  ffs_frame_info loc;
  uintptr_t loc_pc;
  bool have_loc;
} R;

/* Frames of the stack being printed (symbolized, inlined frames expanded). */
static ffs_frame_info F[MAX_FRAMES];
static uintptr_t FPC[MAX_FRAMES];
static bool FRAW[MAX_FRAMES]; /* print as a bare pc (symbolize=0) */
static int nF;

static void reset_report(void) {
  R.active = true;
  R.ph = PH_HEAD;
  R.seen_error_line = R.leak = R.group_dropped = R.skip_blank = R.have_title = R.have_loc = false;
  R.stacks = R.kept_groups = 0;
  R.thread = -1;
  R.kind[0] = 0;
  R.pending_len = R.last_line_off = 0;
  R.drop_bytes = R.drop_objs = 0;
  R.message.len = R.summary.len = R.notes.len = R.stacks_out.len = R.related.len = 0;
  R.nstacks_out = R.nrelated = 0;
  R.loc_pc = 0;
}

static bool starts_with(const char *s, const char *prefix) {
  return !ffs_strncmp(s, prefix, ffs_strlen(prefix));
}

static uint64_t parse_u64(const char **s) {
  uint64_t v = 0;
  while (**s >= '0' && **s <= '9') v = v * 10 + (uint64_t)(*(*s)++ - '0');
  return v;
}

/* "... leak of N byte(s) in M object(s) ..." of a leak group's title. */
static void leak_title_sizes(const char *t, uint64_t *bytes, uint64_t *objs) {
  *bytes = *objs = 0;
  const char *p = ffs_strstr(t, "leak of ");
  if (!p) return;
  p += 8;
  *bytes = parse_u64(&p);
  if (!starts_with(p, " byte(s) in ")) return;
  p += 12;
  *objs = parse_u64(&p);
}

/* The first line: kind (the word after the tag, up to space or colon), leak
 * report or not, thread. */
static void parse_error_line(const char *s) {
  const char *k = ffs_strstr(s, ERROR_TAG) + sizeof ERROR_TAG - 1;
  size_t n = 0;
  while (k[n] && k[n] != ' ' && k[n] != ':' && k[n] != '\n' && n + 1 < sizeof R.kind) n++;
  ffs_memcpy(R.kind, k, n);
  R.kind[n] = 0;
  R.leak = !ffs_strcmp(R.kind, "boundary-leak") || !ffs_strcmp(R.kind, "memory-leak");
  const char *t = ffs_strstr(s, " in thread T");
  if (t) {
    t += 12;
    if (*t >= '0' && *t <= '9') R.thread = (int)parse_u64(&t);
  }
  size_t len = ffs_strlen(k);
  while (len && k[len - 1] == '\n') len--;
  sb_put(&R.message, k, len);
}

/* A leak report's SUMMARY without the suppressed groups' bytes and blocks. */
static size_t rewrite_leak_summary(char *s, size_t n, size_t size) {
  const char *p = ffs_strstr(s, " byte(s) leaked in ");
  if (!p || !R.drop_objs) return n;
  const char *q = p;
  while (q > s && q[-1] >= '0' && q[-1] <= '9') q--;
  uint64_t bytes = parse_u64(&q);
  p += 19;
  uint64_t objs = parse_u64(&p);
  bytes = bytes > R.drop_bytes ? bytes - R.drop_bytes : 0;
  objs = objs > R.drop_objs ? objs - R.drop_objs : 0;
  return (size_t)ffs_snprintf(s, size, SUMMARY_TAG "%s %lu byte(s) leaked in %lu allocation(s).\n",
                              R.kind, (unsigned long)bytes, (unsigned long)objs);
}

static void flush_pending(void) {
  out_write(R.pending, R.pending_len);
  R.pending_len = R.last_line_off = 0;
}

static void hold(const char *s, size_t n) {
  if (R.pending_len + n > sizeof R.pending) { /* a huge head: stop holding it */
    flush_pending();
    if (!R.leak) R.ph = PH_STREAM;
    out_write(s, n);
    return;
  }
  R.last_line_off = R.pending_len;
  ffs_memcpy(R.pending + R.pending_len, s, n);
  R.pending_len += n;
}

static void text_line(const char *s, size_t n) {
  if (R.ph == PH_DROP) return;
  if (R.skip_blank) {
    R.skip_blank = false;
    if (n == 1) return;
  }
  if (R.ph == PH_HEAD || R.leak) hold(s, n);
  else out_write(s, n);
}

/* Structured formats: the SUMMARY line, notes, and stack titles. */
static void struct_line(const char *s, size_t n) {
  while (n && s[n - 1] == '\n') n--;
  if (!n || R.ph == PH_DROP) return;
  if (starts_with(s, SUMMARY_TAG)) {
    R.summary.len = 0;
    sb_put(&R.summary, s + sizeof SUMMARY_TAG - 1, n - (sizeof SUMMARY_TAG - 1));
    return;
  }
  if (R.have_title) { /* the previous line was not followed by a stack: a note */
    sb_puts(&R.notes, R.notes.len ? "," : "");
    sb_json(&R.notes, R.last);
  }
  R.have_title = true;
}

/* Every complete line of the report (s ends with '\n'). */
static void on_line(char *s, size_t n, size_t size) {
  if (!R.active) {
    out_write(s, n);
    return;
  }
  bool first = false;
  if (!R.seen_error_line && ffs_strstr(s, ERROR_TAG)) {
    R.seen_error_line = first = true;
    parse_error_line(s);
  }
  if (R.leak && starts_with(s, SUMMARY_TAG)) n = rewrite_leak_summary(s, n, size);
  if (report_format() == FMT_TEXT) {
    text_line(s, n);
    if (n > 1) {
      size_t k = n - 1 < sizeof R.last - 1 ? n - 1 : sizeof R.last - 1;
      ffs_memcpy(R.last, s, k);
      R.last[k] = 0;
    }
    return;
  }
  if (first) return;
  struct_line(s, n);
  if (n > 1 && !starts_with(s, SUMMARY_TAG)) {
    size_t k = n - 1 < sizeof R.last - 1 ? n - 1 : sizeof R.last - 1;
    ffs_memcpy(R.last, s, k);
    R.last[k] = 0;
  }
}

static void flush_line(void) {
  if (!line_len) return;
  if (line[line_len - 1] != '\n') line[line_len++] = '\n';
  line[line_len] = 0;
  on_line(line, line_len, sizeof line);
  line_len = 0;
}

void ffs_report_printf(const char *fmt, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  int n = ffs_vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof buf) n = sizeof buf - 1;
  for (int i = 0; i < n; i++) {
    if (line_len < sizeof line - 2) line[line_len++] = buf[i];
    if (buf[i] == '\n') flush_line();
  }
}

/* ------------------------------------------------------------ frames */

bool ffs_module_is_system(const char *path) {
  static const char *const libs[] = {"/libc.so", "/libstdc++.so", "/libgcc_s.so", "/ld-linux",
                                     "/libm.so", "/libpthread.so", "/libdl.so", "/libffisan.so"};
  if (!path) return false;
  for (size_t i = 0; i < FFS_ARRAY_SIZE(libs); i++)
    if (ffs_strstr(path, libs[i])) return true;
  return false;
}

/* Rust's own std/core/alloc frames (precompiled: paths under /rustc/ or
 * library/): a SUMMARY names the user's code, not them. */
static bool language_runtime_frame(const ffs_frame_info *f) {
  return f->file && (!ffs_strncmp(f->file, "/rustc/", 7) || !ffs_strncmp(f->file, "library/", 8));
}

static bool user_frame(const ffs_frame_info *f) {
  return f->file && !language_runtime_frame(f) && !ffs_module_is_system(f->module);
}

/* Symbolizes pcs into F (runtime entry points: outermost frame only). */
static void collect_frames(const uintptr_t *pcs, int n) {
  bool sym = ffs_flags.symbolize || ffs_suppress_count_rules() > 0;
  nF = 0;
  for (int i = 0; i < n && nF < MAX_FRAMES; i++) {
    ffs_frame_info info[16];
    int k = 1, from = 0;
    if (sym) {
      k = ffs_symbolize(pcs[i] - 1, info, 16);
      if (ffs_pc_in_runtime(pcs[i])) from = k - 1;
    } else {
      ffs_memset(info, 0, sizeof info[0]);
    }
    for (int j = from; j < k && nF < MAX_FRAMES; j++) {
      F[nF] = info[j];
      FPC[nF] = pcs[i];
      FRAW[nF] = !ffs_flags.symbolize && j > from; /* symbolize=0: one line per pc */
      nF++;
    }
  }
}

/* Index in F of the frame a SUMMARY would name (first user frame, else the
 * first frame outside the runtime), or -1. */
static int summary_frame(void) {
  int first = -1;
  for (int i = 0; i < nF; i++) {
    if (ffs_pc_in_runtime(FPC[i])) continue;
    if (first < 0) first = i;
    if (user_frame(&F[i])) return i;
  }
  return first;
}

static void format_frame(char *buf, size_t size, int idx, int i) {
  const ffs_frame_info *f = &F[i];
  void *pc = (void *)FPC[i];
  const char *mod = f->module ? f->module : "<unknown module>";
  if (!ffs_flags.symbolize)
    ffs_snprintf(buf, size, "    #%d %p\n", idx, pc);
  else if (f->function && f->file && f->line)
    ffs_snprintf(buf, size, "    #%d %p in %s %s:%d\n", idx, pc, f->function, f->file, f->line);
  else if (f->function)
    ffs_snprintf(buf, size, "    #%d %p in %s (%s+%p)\n", idx, pc, f->function, mod,
                 (void *)f->module_offset);
  else
    ffs_snprintf(buf, size, "    #%d %p  (%s+%p)\n", idx, pc, mod, (void *)f->module_offset);
}

static void print_frames(void) {
  char buf[2048];
  int idx = 0;
  for (int i = 0; i < nF; i++) {
    if (FRAW[i]) continue;
    format_frame(buf, sizeof buf, idx++, i);
    size_t n = ffs_strlen(buf);
    if (n && buf[n - 1] != '\n') buf[n - 1] = '\n'; /* cut: keep it one line */
    out_write(buf, n);
  }
  if (!nF) out_write("    <empty stack>\n", 18);
}

/* ------------------------------------------------------------ structured stacks */

static void sarif_physical(sbuf *b, const ffs_frame_info *f, uintptr_t pc) {
  sb_printf(b, "\"physicalLocation\":{\"address\":{\"absoluteAddress\":%lu}", (unsigned long)pc);
  if (f->file) {
    sb_puts(b, ",\"artifactLocation\":{\"uri\":");
    sb_uri(b, f->file);
    sb_puts(b, "}");
    if (f->line > 0) sb_printf(b, ",\"region\":{\"startLine\":%d}", f->line);
  }
  sb_puts(b, "}");
}

static void sarif_location(sbuf *b, const ffs_frame_info *f, uintptr_t pc) {
  sarif_physical(b, f, pc);
  if (f->function) {
    sb_puts(b, ",\"logicalLocations\":[{\"fullyQualifiedName\":");
    sb_json(b, f->function);
    sb_puts(b, ",\"kind\":\"function\"}]");
  }
}

static void json_stack(sbuf *b, const char *title) {
  sb_puts(b, "{\"title\":");
  sb_json(b, title);
  sb_puts(b, ",\"frames\":[");
  bool comma = false;
  for (int i = 0; i < nF; i++) {
    if (FRAW[i]) continue;
    const ffs_frame_info *f = &F[i];
    sb_printf(b, "%s{\"pc\":\"%p\",\"function\":", comma ? "," : "", (void *)FPC[i]);
    comma = true;
    bool sym = ffs_flags.symbolize;
    sb_json(b, sym ? f->function : NULL);
    sb_puts(b, ",\"file\":");
    sb_json(b, sym ? f->file : NULL);
    if (sym && f->line > 0) sb_printf(b, ",\"line\":%d,\"module\":", f->line);
    else sb_puts(b, ",\"line\":null,\"module\":");
    sb_json(b, sym ? f->module : NULL);
    sb_puts(b, ",\"side\":");
    sb_json(b, sym ? ffs_side_name(f->side) : NULL);
    sb_puts(b, "}");
  }
  sb_puts(b, "]}");
}

static void sarif_stack(sbuf *b, const char *title) {
  sb_puts(b, "{");
  if (title) {
    sb_puts(b, "\"message\":{\"text\":");
    sb_json(b, title);
    sb_puts(b, "},");
  }
  sb_puts(b, "\"frames\":[");
  bool comma = false;
  for (int i = 0; i < nF; i++) {
    if (FRAW[i]) continue;
    sb_puts(b, comma ? ",{\"location\":{" : "{\"location\":{");
    comma = true;
    if (ffs_flags.symbolize) {
      sarif_location(b, &F[i], FPC[i]);
      if (F[i].module) {
        sb_puts(b, "},\"module\":");
        sb_json(b, F[i].module);
        sb_puts(b, "}");
        continue;
      }
    } else {
      sb_printf(b, "\"physicalLocation\":{\"address\":{\"absoluteAddress\":%lu}}",
                (unsigned long)FPC[i]);
    }
    sb_puts(b, "}}");
  }
  sb_puts(b, "]}");
}

/* The current stack (in F) as structured output, titled by the line before. */
static void struct_stack(bool first) {
  const char *title = R.have_title ? R.last : NULL;
  R.have_title = false;
  sbuf *b = &R.stacks_out;
  sb_puts(b, R.nstacks_out++ ? "," : "");
  if (report_format() == FMT_JSON) {
    json_stack(b, title);
    return;
  }
  sarif_stack(b, title);
  int u = summary_frame();
  if (first || u < 0) return;
  sb_printf(&R.related, "%s{\"id\":%d,", R.nrelated ? "," : "", R.nrelated + 1);
  R.nrelated++;
  if (title) {
    sb_puts(&R.related, "\"message\":{\"text\":");
    sb_json(&R.related, title);
    sb_puts(&R.related, "},");
  }
  sarif_location(&R.related, &F[u], FPC[u]);
  sb_puts(&R.related, "}");
}

/* ------------------------------------------------------------ verdicts */

/* First stack of an ordinary report: suppressed, duplicate, or printed. */
static void judge_report(void) {
  int rule = ffs_suppress_match(R.kind, F, nF);
  if (rule >= 0) {
    ffs_suppress_note_use(rule, 1, 0);
    R.ph = PH_DROP;
    return;
  }
  int u = summary_frame();
  if (u >= 0 && R.kind[0] && !ffs_flags.halt_on_error && ffs_flags.dedup_reports &&
      seen_before(R.kind, FPC[u], &F[u])) {
    R.ph = PH_DROP;
    return;
  }
  R.ph = PH_STREAM;
  if (report_format() == FMT_TEXT) flush_pending();
}

static bool leak_suppressed_any;

/* One leak group (its title is the last line): suppressed or printed. */
static void judge_leak_group(void) {
  int rule = ffs_suppress_match(R.kind, F, nF);
  R.group_dropped = rule >= 0;
  if (R.group_dropped) {
    uint64_t bytes, objs;
    leak_title_sizes(R.last, &bytes, &objs);
    ffs_suppress_note_use(rule, objs, bytes);
    leak_suppressed_any = true;
    R.drop_bytes += bytes;
    R.drop_objs += objs;
    R.have_title = false;
    if (R.pending_len) R.pending_len = R.last_line_off; /* the title goes */
    R.skip_blank = true;
    return;
  }
  if (!R.kept_groups++) {
    int u = summary_frame();
    if (u >= 0) R.loc = F[u], R.loc_pc = FPC[u], R.have_loc = true;
  }
  R.ph = PH_STREAM;
  if (report_format() == FMT_TEXT) flush_pending();
}

void ffs_report_pcs(const uintptr_t *pcs, int n) {
  flush_line();
  if (R.active && R.ph == PH_DROP) return;
  collect_frames(pcs, n);
  bool first = R.stacks++ == 0;
  if (R.active && R.leak) judge_leak_group();
  else if (R.active && first) judge_report();
  if (R.active && (R.ph == PH_DROP || R.group_dropped)) return;
  if (R.active && report_format() != FMT_TEXT) struct_stack(first);
  else print_frames();
}

void ffs_report_stack(uint32_t id) {
  const uintptr_t *pcs;
  int n = ffs_depot_get(id, &pcs);
  ffs_report_pcs(pcs, n);
}

static void print_summary(const char *kind, const ffs_frame_info *f) {
  if (f->file && f->line)
    ffs_report_printf("SUMMARY: FFISan: %s %s:%d in %s\n", kind, f->file, f->line,
                      f->function ? f->function : "??");
  else
    ffs_report_printf("SUMMARY: FFISan: %s (%s+%p) in %s\n", kind,
                      f->module ? f->module : "<unknown module>", (void *)f->module_offset,
                      f->function ? f->function : "??");
}

void ffs_report_summary(const char *kind, uint32_t id) {
  flush_line();
  if (R.active && R.ph == PH_DROP) return;
  const uintptr_t *pcs;
  int n = ffs_depot_get(id, &pcs);
  ffs_frame_info first = {0}, chosen = {0};
  uintptr_t pc = 0;
  bool have_first = false, have = false;
  for (int i = 0; i < n && !have; i++) {
    if (ffs_pc_in_runtime(pcs[i])) continue;
    ffs_frame_info f[16];
    int k = ffs_symbolize(pcs[i] - 1, f, 16);
    for (int j = 0; j < k; j++) {
      if (!have_first) first = f[j], have_first = true, pc = pcs[i];
      if (!user_frame(&f[j])) continue;
      chosen = f[j], have = true, pc = pcs[i];
      break;
    }
  }
  if (!have && have_first) chosen = first, have = true;
  if (have && R.active) R.loc = chosen, R.loc_pc = pc, R.have_loc = true;
  if (have) print_summary(kind, &chosen);
  else ffs_report_printf("SUMMARY: FFISan: %s\n", kind);
}

ffs_side ffs_stack_user_side(uint32_t id) {
  const uintptr_t *pcs;
  int n = ffs_depot_get(id, &pcs);
  for (int i = 0; i < n; i++) {
    if (ffs_pc_in_runtime(pcs[i])) continue;
    ffs_frame_info f;
    ffs_symbolize(pcs[i] - 1, &f, 1);
    if (!ffs_module_is_system(f.module)) return ffs_side_of_pc(pcs[i] - 1);
  }
  return FFS_SIDE_UNKNOWN;
}

/* ------------------------------------------------------------ report end */

static void emit_json(void) {
  static sbuf b;
  b.len = 0;
  sb_puts(&b, "{\"kind\":");
  sb_json(&b, R.kind);
  sb_puts(&b, ",\"message\":");
  sb_json_n(&b, R.message.p, R.message.len);
  sb_puts(&b, ",\"summary\":");
  sb_json_n(&b, R.summary.len ? R.summary.p : NULL, R.summary.len);
  sb_printf(&b, ",\"pid\":%d,\"thread\":", state_pid);
  if (R.thread >= 0) sb_printf(&b, "%d", R.thread);
  else sb_puts(&b, "null");
  sb_puts(&b, ",\"program\":");
  sb_json(&b, self_exe());
  sb_puts(&b, ",\"stacks\":[");
  if (R.stacks_out.len) sb_put(&b, R.stacks_out.p, R.stacks_out.len);
  sb_puts(&b, "],\"notes\":[");
  if (R.notes.len) sb_put(&b, R.notes.p, R.notes.len);
  sb_puts(&b, "]}\n");
  out_write(b.p, b.len);
}

static void emit_sarif(void) {
  sbuf *b = &sarif_results;
  int rule = sarif_rule_index(R.kind[0] ? R.kind : "unknown-crash");
  sb_puts(b, sarif_nresults++ ? ",{\"ruleId\":" : "{\"ruleId\":");
  sb_json(b, R.kind[0] ? R.kind : "unknown-crash");
  if (rule >= 0) sb_printf(b, ",\"ruleIndex\":%d", rule);
  sb_puts(b, ",\"level\":\"error\",\"message\":{\"text\":");
  sb_json_n(b, R.message.len ? R.message.p : R.kind, R.message.len ? R.message.len : ffs_strlen(R.kind));
  sb_puts(b, "}");
  if (R.have_loc) {
    sb_puts(b, ",\"locations\":[{");
    sarif_location(b, &R.loc, R.loc_pc);
    sb_puts(b, "}]");
  }
  if (R.related.len) {
    sb_puts(b, ",\"relatedLocations\":[");
    sb_put(b, R.related.p, R.related.len);
    sb_puts(b, "]");
  }
  if (R.stacks_out.len) {
    sb_puts(b, ",\"stacks\":[");
    sb_put(b, R.stacks_out.p, R.stacks_out.len);
    sb_puts(b, "]");
  }
  sb_printf(b, ",\"properties\":{\"pid\":%d", state_pid);
  if (R.thread >= 0) sb_printf(b, ",\"thread\":%d", R.thread);
  if (R.summary.len) {
    sb_puts(b, ",\"summary\":");
    sb_json_n(b, R.summary.p, R.summary.len);
  }
  sb_puts(b, ",\"notes\":[");
  if (R.notes.len) sb_put(b, R.notes.p, R.notes.len);
  sb_puts(b, "]}}");
  if (log_to_files() && !sarif_to_std) sarif_rewrite_file();
  else if (finished_pid == state_pid) sarif_flush_std(); /* after the at-exit work */
}

/* Finishes the current report; true if it was printed (not suppressed, not
 * a duplicate). */
static bool finish_report(void) {
  flush_line();
  if (R.ph == PH_HEAD && !R.leak) R.ph = PH_STREAM; /* no stack at all: printed */
  bool printed = R.ph != PH_DROP && (!R.leak || R.kept_groups > 0);
  int fmt = report_format();
  if (printed && fmt == FMT_TEXT) flush_pending();
  if (printed && fmt != FMT_TEXT && R.have_title) { /* a last line with no stack after it */
    sb_puts(&R.notes, R.notes.len ? "," : "");
    sb_json(&R.notes, R.last);
  }
  if (printed && fmt == FMT_JSON) emit_json();
  if (printed && fmt == FMT_SARIF) emit_sarif();
  R.active = false;
  R.pending_len = 0;
  return printed;
}

/* ------------------------------------------------------------ process state */

/* A forked child starts its own files, duplicate table and tallies. */
static void check_process(void) {
  int pid = ffs_getpid();
  if (pid == state_pid) return;
  if (state_pid) {
    out_fd = -1; /* the parent's file stays open (O_CLOEXEC): the child may own that number now */
    sarif_results.len = 0;
    sarif_nresults = sarif_nkinds = 0;
    sarif_to_std = log_warned = false;
    nsites = 0;
    total_dups = 0;
    leak_suppressed_any = false;
    ffs_suppress_clear_uses();
  }
  state_pid = pid;
}

static void start_up(void) {
  check_process();
  report_format();
  ffs_suppress_load(ffs_flags.suppressions);
}

/* "==PID==FFISan: N duplicate report(s) suppressed (kind at file:line xK, ...)" */
static void print_duplicates(void) {
  if (!total_dups) return;
  char buf[2048];
  size_t n = (size_t)ffs_snprintf(buf, sizeof buf, "==%d==FFISan: %lu duplicate report(s) suppressed (",
                                  state_pid, (unsigned long)total_dups);
  int shown = 0;
  for (int i = 0; i < nsites && n < sizeof buf - 300; i++) {
    if (!sites[i].dups) continue;
    const char *sep = shown++ ? ", " : "";
    if (sites[i].file)
      n += (size_t)ffs_snprintf(buf + n, sizeof buf - n, "%s%s at %s:%d x%lu", sep, sites[i].kind,
                                sites[i].file, sites[i].line, (unsigned long)sites[i].dups);
    else
      n += (size_t)ffs_snprintf(buf + n, sizeof buf - n, "%s%s at %p x%lu", sep, sites[i].kind,
                                (void *)sites[i].pc, (unsigned long)sites[i].dups);
  }
  if (n >= sizeof buf - 300) n += (size_t)ffs_snprintf(buf + n, sizeof buf - n, ", ...");
  n += (size_t)ffs_snprintf(buf + n, sizeof buf - n, ")\n");
  if (report_format() == FMT_TEXT) out_write(buf, n);
  else ffs_write_all(ffs_stderr_fd, buf, n);
}

/* LSan's table: printed when a leak was suppressed, or with verbosity>=1. */
static void print_suppressions_used(void) {
  const char *kind, *pat;
  uint64_t hits, bytes;
  bool any = false;
  for (int i = 0; ffs_suppress_rule(i, &kind, &pat, &hits, &bytes); i++) any |= hits > 0;
  if (!any || (!leak_suppressed_any && ffs_flags.verbosity < 1)) return;
  int fd = report_format() == FMT_TEXT ? report_fd() : ffs_stderr_fd;
  static const char dashes[] = "-----------------------------------------------------\n";
  char buf[4200];
  ffs_write_all(fd, dashes, sizeof dashes - 1);
  int n = ffs_snprintf(buf, sizeof buf, "Suppressions used:\n  count      bytes template\n");
  ffs_write_all(fd, buf, (size_t)n);
  for (int i = 0; ffs_suppress_rule(i, &kind, &pat, &hits, &bytes); i++) {
    if (!hits) continue;
    n = ffs_snprintf(buf, sizeof buf, "%7lu %10lu %s:%s\n", (unsigned long)hits,
                     (unsigned long)bytes, kind, pat);
    if (n >= (int)sizeof buf) n = sizeof buf - 1;
    ffs_write_all(fd, buf, (size_t)n);
  }
  ffs_write_all(fd, dashes, sizeof dashes - 1);
}

/* The at-exit lines and, for SARIF on stderr/stdout, the document. Report
 * lock held. */
static void at_exit_locked(void) {
  check_process();
  if (finished_pid == state_pid) return;
  finished_pid = state_pid;
  print_duplicates();
  print_suppressions_used();
  if (report_format() == FMT_SARIF && (!log_to_files() || sarif_to_std)) sarif_flush_std();
}

void ffs_report_at_exit(void) {
  ffs_enter_runtime();
  bool lock = !holding_lock;
  if (lock) ffs_report_lock();
  at_exit_locked();
  if (lock) ffs_report_unlock();
  ffs_leave_runtime();
}

/* From init.c's constructor, once the flags are final. */
void ffs_report_init(void) {
  start_up();
  if (ffs_flags.verbosity && ffs_suppress_count_rules())
    ffs_warn("%d suppression(s) loaded from '%s'", ffs_suppress_count_rules(),
             ffs_flags.suppressions);
}

/* ------------------------------------------------------------ begin / end */

bool ffs_report_begin(void) {
  if (reporting) return false;
  reporting = 1;
  ffs_stderr_check();
  ffs_enter_runtime();
  ffs_report_lock();
  start_up();
  line_len = 0;
  reset_report();
  return true;
}

int ffs_report_count(void) { return __atomic_load_n(&report_count, __ATOMIC_RELAXED); }

/* Sanitizer-common's death callback: libFuzzer registers one to save the
 * input that crashed before the process ends. */
static void (*death_callback)(void);

FFS_INTERFACE void __sanitizer_set_death_callback(void (*cb)(void)) {
  __atomic_store_n(&death_callback, cb, __ATOMIC_RELEASE);
}

void ffs_die(void) {
  ffs_report_at_exit();
  void (*cb)(void) = __atomic_exchange_n(&death_callback, NULL, __ATOMIC_ACQ_REL);
  if (cb) cb();
  if (ffs_flags.abort_on_error) abort(); /* a SIGABRT handler (libFuzzer's) runs first */
  _exit(ffs_flags.exitcode);
}

void ffs_report_end(bool may_halt) {
  bool printed = finish_report();
  if (printed) __atomic_add_fetch(&report_count, 1, __ATOMIC_RELAXED);
  if (printed && may_halt && ffs_flags.halt_on_error) ffs_die(); /* lock held: no report after */
  ffs_report_unlock();
  ffs_leave_runtime();
  reporting = 0;
}

void ffs_report_lock(void) {
  ffs_spin_lock(&report_lock);
  holding_lock = 1;
}

void ffs_report_unlock(void) {
  holding_lock = 0;
  ffs_spin_unlock(&report_lock);
}
