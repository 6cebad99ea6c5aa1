/* report.c — report output and halting (see report.h). */
#include "report.h"
#include "depot.h"
#include "flags.h"
#include "symbolize.h"
#include "unwind.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

static ffs_spinlock report_lock = FFS_SPINLOCK_INIT;
static FFS_TLS int reporting;
static int report_count;
static int out_fd = -1;
static char line[4096];
static size_t line_len;

static int output_fd(void) {
  if (out_fd >= 0) return out_fd;
  const char *path = ffs_flags.log_path;
  out_fd = 2;
  if (!path || !ffs_strcmp(path, "stderr")) return out_fd;
  if (!ffs_strcmp(path, "stdout")) return out_fd = 1;
  char name[4200];
  ffs_snprintf(name, sizeof name, "%s.%d", path, ffs_getpid());
  int fd = open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) ffs_warn("WARNING: cannot open log_path '%s'; writing reports to stderr", name);
  else out_fd = fd;
  return out_fd;
}

bool ffs_report_begin(void) {
  if (reporting) return false;
  reporting = 1;
  ffs_enter_runtime();
  ffs_spin_lock(&report_lock);
  line_len = 0;
  return true;
}

static void flush_line(void) {
  if (line_len) ffs_write_all(output_fd(), line, line_len);
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
    if (line_len < sizeof line - 1) line[line_len++] = buf[i];
    if (buf[i] == '\n') flush_line();
  }
}

bool ffs_module_is_system(const char *path) {
  static const char *const libs[] = {"/libc.so", "/libstdc++.so", "/libgcc_s.so", "/ld-linux",
                                     "/libm.so", "/libpthread.so", "/libdl.so", "/libffisan.so"};
  if (!path) return false;
  for (size_t i = 0; i < FFS_ARRAY_SIZE(libs); i++)
    if (ffs_strstr(path, libs[i])) return true;
  return false;
}

static void print_frame(int *idx, uintptr_t pc, const ffs_frame_info *f) {
  if (f->function && f->file && f->line)
    ffs_report_printf("    #%d %p in %s %s:%d\n", (*idx)++, (void *)pc, f->function, f->file, f->line);
  else if (f->function)
    ffs_report_printf("    #%d %p in %s (%s+%p)\n", (*idx)++, (void *)pc, f->function,
                      f->module ? f->module : "<unknown module>", (void *)f->module_offset);
  else
    ffs_report_printf("    #%d %p  (%s+%p)\n", (*idx)++, (void *)pc,
                      f->module ? f->module : "<unknown module>", (void *)f->module_offset);
}

void ffs_report_pcs(const uintptr_t *pcs, int n) {
  int idx = 0;
  for (int i = 0; i < n; i++) {
    ffs_frame_info info[16];
    if (!ffs_flags.symbolize) {
      ffs_report_printf("    #%d %p\n", idx++, (void *)pcs[i]);
      continue;
    }
    int k = ffs_symbolize(pcs[i] - 1, info, 16);
    int from = ffs_pc_in_runtime(pcs[i]) ? k - 1 : 0; /* entry points: outermost only */
    for (int j = from; j < k; j++) print_frame(&idx, pcs[i], &info[j]);
  }
  if (!n) ffs_report_printf("    <empty stack>\n");
}

void ffs_report_stack(uint32_t id) {
  const uintptr_t *pcs;
  int n = ffs_depot_get(id, &pcs);
  ffs_report_pcs(pcs, n);
}

/* Rust's own std/core/alloc frames (precompiled: paths under /rustc/ or
 * library/): a SUMMARY names the user's code, not them. */
static bool language_runtime_frame(const ffs_frame_info *f) {
  return f->file && (!ffs_strncmp(f->file, "/rustc/", 7) || !ffs_strncmp(f->file, "library/", 8));
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
  const uintptr_t *pcs;
  int n = ffs_depot_get(id, &pcs);
  ffs_frame_info first = {0};
  bool have_first = false;
  for (int i = 0; i < n; i++) {
    if (ffs_pc_in_runtime(pcs[i])) continue;
    ffs_frame_info f[16];
    int k = ffs_symbolize(pcs[i] - 1, f, 16);
    for (int j = 0; j < k; j++) {
      if (!have_first) first = f[j], have_first = true;
      if (language_runtime_frame(&f[j]) || ffs_module_is_system(f[j].module) || !f[j].file) continue;
      print_summary(kind, &f[j]);
      return;
    }
  }
  if (have_first) print_summary(kind, &first);
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

int ffs_report_count(void) { return __atomic_load_n(&report_count, __ATOMIC_RELAXED); }

void ffs_die(void) {
  if (ffs_flags.abort_on_error) {
    signal(SIGABRT, SIG_DFL);
    abort();
  }
  _exit(ffs_flags.exitcode);
}

void ffs_report_end(bool may_halt) {
  flush_line();
  __atomic_add_fetch(&report_count, 1, __ATOMIC_RELAXED);
  if (may_halt && ffs_flags.halt_on_error) ffs_die(); /* lock held: no report after */
  ffs_spin_unlock(&report_lock);
  ffs_leave_runtime();
  reporting = 0;
}

void ffs_report_lock(void) { ffs_spin_lock(&report_lock); }
void ffs_report_unlock(void) { ffs_spin_unlock(&report_lock); }
