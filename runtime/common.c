/* common.c — the runtime's tiny internal libc: spinlock, mmap wrappers,
 * string helpers and an allocation-free formatter. Safe inside malloc and
 * inside signal handlers; uses raw syscalls where libc might allocate. */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

FFS_TLS int ffs_in_runtime;
int ffs_stderr_fd = 2;
static struct stat stderr_id;

/* Like Valgrind: the runtime writes to its own copy of the stderr it
 * started with, so a program that closes fd 2 (or reuses the number for a
 * data file) neither loses reports nor gets them in its data. A program
 * that redirects fd 2 before start-up (shell, parent process) is followed. */
void ffs_stderr_init(void) {
  int fd = fcntl(2, F_DUPFD_CLOEXEC, 100);
  if (fd < 0 || fstat(fd, &stderr_id)) return;
  ffs_stderr_fd = fd;
}

/* Before a report: a program that closed every fd (daemons do) may have
 * reopened ours as one of its files; then fd 2 is the best we have. */
void ffs_stderr_check(void) {
  struct stat st;
  if (ffs_stderr_fd == 2) return;
  if (fstat(ffs_stderr_fd, &st) || st.st_dev != stderr_id.st_dev || st.st_ino != stderr_id.st_ino)
    ffs_stderr_fd = 2;
}

const char *ffs_side_name(ffs_side s) {
  switch (s) {
  case FFS_SIDE_C: return "C";
  case FFS_SIDE_CXX: return "C++";
  case FFS_SIDE_RUST: return "Rust";
  default: return "unknown";
  }
}

void ffs_spin_lock(ffs_spinlock *l) {
  for (unsigned spins = 0;; spins++) {
    if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED) && ffs_spin_trylock(l))
      return;
    if (spins < 64)
      __builtin_ia32_pause();
    else
      syscall(SYS_sched_yield);
  }
}

size_t ffs_page_size(void) {
  static size_t page;
  if (!page) page = (size_t)sysconf(_SC_PAGESIZE);
  return page;
}

/* Registry of the runtime's own mappings: the leak scan must not take the
 * runtime's metadata for roots. */
#define MAX_INTERNAL_MAPS 4096
static struct { uintptr_t lo, hi; } internal_maps[MAX_INTERNAL_MAPS];
static int n_internal_maps;
static ffs_spinlock maps_lock = FFS_SPINLOCK_INIT;

void ffs_register_map(void *p, size_t size, bool add) {
  ffs_spin_lock(&maps_lock);
  if (add && n_internal_maps < MAX_INTERNAL_MAPS) {
    internal_maps[n_internal_maps].lo = (uintptr_t)p;
    internal_maps[n_internal_maps++].hi = (uintptr_t)p + size;
  }
  for (int i = 0; !add && i < n_internal_maps; i++)
    if (internal_maps[i].lo == (uintptr_t)p) internal_maps[i] = internal_maps[--n_internal_maps];
  ffs_spin_unlock(&maps_lock);
}

bool ffs_is_internal_map(uintptr_t lo, uintptr_t hi) {
  for (int i = 0; i < n_internal_maps; i++)
    if (lo < internal_maps[i].hi && hi > internal_maps[i].lo) return true;
  return false;
}

void *ffs_mmap_user(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void *ffs_mmap(size_t size) {
  void *p = ffs_mmap_user(size);
  if (p) ffs_register_map(p, size, true);
  return p;
}

void *ffs_mmap_reserve(size_t size) {
  void *p = mmap(NULL, size, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

bool ffs_mmap_commit(void *addr, size_t size) {
  void *p = mmap(addr, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE | MAP_POPULATE, -1, 0);
  return p != MAP_FAILED;
}

void ffs_munmap(void *addr, size_t size) {
  ffs_register_map(addr, size, false);
  munmap(addr, size);
}

size_t ffs_strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

int ffs_strncmp(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x != y) return x < y ? -1 : 1;
    if (!x) return 0;
  }
  return 0;
}

int ffs_strcmp(const char *a, const char *b) { return ffs_strncmp(a, b, (size_t)-1); }

const char *ffs_strstr(const char *hay, const char *needle) {
  size_t n = ffs_strlen(needle);
  for (; *hay; hay++)
    if (!ffs_strncmp(hay, needle, n)) return hay;
  return n ? NULL : hay;
}

void ffs_memcpy(void *dst, const void *src, size_t n) {
  __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

void ffs_memset(void *dst, int c, size_t n) {
  __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
}

size_t ffs_strlcpy(char *dst, const char *src, size_t size) {
  size_t n = ffs_strlen(src);
  if (size) {
    size_t m = n < size - 1 ? n : size - 1;
    ffs_memcpy(dst, src, m);
    dst[m] = 0;
  }
  return n;
}

/* ---- formatter ---- */
typedef struct { char *buf; size_t size, len; } fmt_out;

static void out_char(fmt_out *o, char c) {
  if (o->len + 1 < o->size) o->buf[o->len] = c;
  o->len++;
}

static void out_padded(fmt_out *o, const char *s, size_t n, int width,
                       bool left, char pad) {
  int fill = width > (int)n ? width - (int)n : 0;
  if (!left) while (fill-- > 0) out_char(o, pad);
  for (size_t i = 0; i < n; i++) out_char(o, s[i]);
  if (left) while (fill-- > 0) out_char(o, ' ');
}

static void out_number(fmt_out *o, unsigned long long v, bool neg, int base,
                       int width, bool left, char pad, const char *prefix) {
  char tmp[72];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % (unsigned)base];
    v /= (unsigned)base;
  } while (v);
  char digits[80];
  size_t len = 0;
  if (neg) digits[len++] = '-';
  for (const char *p = prefix; *p; p++) digits[len++] = *p;
  while (n) digits[len++] = tmp[--n];
  out_padded(o, digits, len, width, left, pad);
}

int ffs_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  fmt_out o = {buf, size, 0};
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') { out_char(&o, *p); continue; }
    p++;
    bool left = false;
    char pad = ' ';
    for (;; p++) {
      if (*p == '-') left = true;
      else if (*p == '0') pad = '0';
      else break;
    }
    int width = 0;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    int longs = 0;
    bool size_t_arg = false;
    for (;; p++) {
      if (*p == 'l') longs++;
      else if (*p == 'z') size_t_arg = true;
      else break;
    }
    switch (*p) {
    case 'd': {
      long long v = size_t_arg || longs ? va_arg(ap, long) : va_arg(ap, int);
      out_number(&o, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
                 v < 0, 10, width, left, pad, "");
      break;
    }
    case 'u': case 'x': {
      unsigned long long v = size_t_arg || longs ? va_arg(ap, unsigned long)
                                                 : va_arg(ap, unsigned);
      out_number(&o, v, false, *p == 'x' ? 16 : 10, width, left, pad, "");
      break;
    }
    case 'p':
      out_number(&o, (uintptr_t)va_arg(ap, void *), false, 16, width, left,
                 pad, "0x");
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s) s = "(null)";
      out_padded(&o, s, ffs_strlen(s), width, left, ' ');
      break;
    }
    case 'c': out_char(&o, (char)va_arg(ap, int)); break;
    case '%': out_char(&o, '%'); break;
    case 0: p--; break;
    default: out_char(&o, '%'); out_char(&o, *p); break;
    }
  }
  if (size) buf[o.len < size ? o.len : size - 1] = 0;
  return (int)o.len;
}

int ffs_snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = ffs_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

void ffs_write_all(int fd, const char *buf, size_t len) {
  while (len) {
    long n = syscall(SYS_write, fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    buf += n;
    len -= (size_t)n;
  }
}

int ffs_getpid(void) { return (int)syscall(SYS_getpid); }
int ffs_gettid(void) { return (int)syscall(SYS_gettid); }

void ffs_warn(const char *fmt, ...) {
  char msg[512], line[600];
  va_list ap;
  va_start(ap, fmt);
  ffs_vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  int n = ffs_snprintf(line, sizeof line, "==%d==FFISan: %s\n", ffs_getpid(), msg);
  int saved = errno;
  ffs_stderr_check();
  ffs_write_all(ffs_stderr_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
  errno = saved;
}
