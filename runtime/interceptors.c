/* interceptors.c — the libc functions through which uninstrumented code
 * touches memory (mem*, str*, wcs* basics). Each checks the byte ranges it is
 * about to read or write against the heap records (heap-use-after-free,
 * heap-buffer-overflow) and exclusive destinations against their sources
 * (mut-borrow-overlap), then calls the real libc function. */
#include "allocator.h"
#include "errors.h"
#include "init.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <wchar.h>

static FFS_TLS int resolving;

/* Resolves libc's implementation once; NULL while dlsym itself runs. */
static void *real(void **slot, const char *name) {
  void *f = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (FFS_LIKELY(f != NULL)) return f;
  if (resolving) return NULL;
  resolving = 1;
  f = dlsym(RTLD_NEXT, name);
  resolving = 0;
  __atomic_store_n(slot, f, __ATOMIC_RELEASE);
  return f;
}

#define REAL(type, name) ((type)real(&real_##name, #name))

static FFS_ALWAYS_INLINE void check(const char *fn, const void *p, size_t n, bool write) {
  uintptr_t a = (uintptr_t)p, begin;
  if (!n || ffs_in_runtime || ffs_init_state != 2) return;
  ffs_chunk *m = ffs_find_chunk(a, &begin);
  if (FFS_LIKELY(!m) || m->state == FFS_CHUNK_AVAILABLE || (m->flags & FFS_CF_INTERNAL)) return;
  if (m->state == FFS_CHUNK_LIVE && a >= begin && a + n <= begin + m->size) return;
  ffs_error_bad_access(fn, a, n, write, m, begin);
}

static FFS_ALWAYS_INLINE void check_overlap(const char *fn, const void *d, size_t dn,
                                            const void *s, size_t sn) {
  uintptr_t a = (uintptr_t)d, b = (uintptr_t)s;
  if (!dn || !sn || a == b || ffs_in_runtime) return;
  if (a < b + sn && b < a + dn) ffs_error_overlap(fn, a, dn, b, sn);
}

static size_t slow_strlen(const char *s) { return ffs_strlen(s); }

static size_t str_len(const char *s) {
  static void *real_strlen;
  size_t (*f)(const char *) = REAL(size_t(*)(const char *), strlen);
  return f ? f(s) : slow_strlen(s);
}

static size_t str_nlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

static void *real_memcpy, *real_memmove, *real_memset, *real_memcmp, *real_strcpy, *real_strncpy,
    *real_stpcpy, *real_strcat, *real_strncat, *real_strchr, *real_strrchr, *real_wcslen,
    *real_wcscpy;

FFS_INTERFACE void *memcpy(void *d, const void *s, size_t n) {
  check("memcpy", s, n, false);
  check("memcpy", d, n, true);
  check_overlap("memcpy", d, n, s, n);
  void *(*f)(void *, const void *, size_t) = REAL(void *(*)(void *, const void *, size_t), memcpy);
  if (!f) {
    ffs_memcpy(d, s, n);
    return d;
  }
  return f(d, s, n);
}

FFS_INTERFACE void *memmove(void *d, const void *s, size_t n) {
  check("memmove", s, n, false);
  check("memmove", d, n, true);
  void *(*f)(void *, const void *, size_t) = REAL(void *(*)(void *, const void *, size_t), memmove);
  if (f) return f(d, s, n);
  unsigned char *dd = d;
  const unsigned char *ss = s;
  if (dd < ss) for (size_t i = 0; i < n; i++) dd[i] = ss[i];
  else for (size_t i = n; i; i--) dd[i - 1] = ss[i - 1];
  return d;
}

FFS_INTERFACE void *memset(void *d, int c, size_t n) {
  check("memset", d, n, true);
  void *(*f)(void *, int, size_t) = REAL(void *(*)(void *, int, size_t), memset);
  if (!f) {
    ffs_memset(d, c, n);
    return d;
  }
  return f(d, c, n);
}

FFS_INTERFACE int memcmp(const void *a, const void *b, size_t n) {
  check("memcmp", a, n, false);
  check("memcmp", b, n, false);
  int (*f)(const void *, const void *, size_t) = REAL(int (*)(const void *, const void *, size_t), memcmp);
  if (f) return f(a, b, n);
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] - y[i];
  return 0;
}

FFS_INTERFACE size_t strlen(const char *s) {
  size_t n = str_len(s);
  check("strlen", s, n + 1, false);
  return n;
}

FFS_INTERFACE size_t strnlen(const char *s, size_t max) {
  size_t n = str_nlen(s, max);
  check("strnlen", s, n < max ? n + 1 : n, false);
  return n;
}

FFS_INTERFACE char *strcpy(char *d, const char *s) {
  size_t n = str_len(s) + 1;
  check("strcpy", s, n, false);
  check("strcpy", d, n, true);
  check_overlap("strcpy", d, n, s, n);
  return REAL(char *(*)(char *, const char *), strcpy)(d, s);
}

FFS_INTERFACE char *stpcpy(char *d, const char *s) {
  size_t n = str_len(s) + 1;
  check("stpcpy", s, n, false);
  check("stpcpy", d, n, true);
  check_overlap("stpcpy", d, n, s, n);
  return REAL(char *(*)(char *, const char *), stpcpy)(d, s);
}

FFS_INTERFACE char *strncpy(char *d, const char *s, size_t n) {
  size_t sn = str_nlen(s, n);
  check("strncpy", s, sn < n ? sn + 1 : sn, false);
  check("strncpy", d, n, true);
  check_overlap("strncpy", d, n, s, sn < n ? sn + 1 : sn);
  return REAL(char *(*)(char *, const char *, size_t), strncpy)(d, s, n);
}

FFS_INTERFACE char *strcat(char *d, const char *s) {
  size_t dn = str_len(d), sn = str_len(s) + 1;
  check("strcat", s, sn, false);
  check("strcat", d, dn + sn, true);
  check_overlap("strcat", d, dn + sn, s, sn);
  return REAL(char *(*)(char *, const char *), strcat)(d, s);
}

FFS_INTERFACE char *strncat(char *d, const char *s, size_t n) {
  size_t dn = str_len(d), sn = str_nlen(s, n);
  check("strncat", s, sn < n ? sn + 1 : sn, false);
  check("strncat", d, dn + sn + 1, true);
  check_overlap("strncat", d, dn + sn + 1, s, sn);
  return REAL(char *(*)(char *, const char *, size_t), strncat)(d, s, n);
}

/* Compares and reports how many bytes of each string were read. */
static int cmp_checked(const char *fn, const char *a, const char *b, size_t max) {
  size_t i = 0;
  while (i < max && a[i] && a[i] == b[i]) i++;
  size_t read = i < max ? i + 1 : i;
  check(fn, a, read, false);
  check(fn, b, read, false);
  return i < max ? (unsigned char)a[i] - (unsigned char)b[i] : 0;
}

FFS_INTERFACE int strcmp(const char *a, const char *b) { return cmp_checked("strcmp", a, b, (size_t)-1); }
FFS_INTERFACE int strncmp(const char *a, const char *b, size_t n) { return cmp_checked("strncmp", a, b, n); }

FFS_INTERFACE char *strchr(const char *s, int c) {
  char *r = REAL(char *(*)(const char *, int), strchr)(s, c);
  check("strchr", s, r && (char)c ? (size_t)(r - s) + 1 : str_len(s) + 1, false);
  return r;
}

FFS_INTERFACE char *strrchr(const char *s, int c) {
  check("strrchr", s, str_len(s) + 1, false);
  return REAL(char *(*)(const char *, int), strrchr)(s, c);
}

FFS_INTERFACE char *strdup(const char *s) {
  size_t n = str_len(s) + 1;
  check("strdup", s, n, false);
  char *d = malloc(n);
  if (d) ffs_memcpy(d, s, n);
  return d;
}

FFS_INTERFACE char *strndup(const char *s, size_t max) {
  size_t n = str_nlen(s, max);
  check("strndup", s, n < max ? n + 1 : n, false);
  char *d = malloc(n + 1);
  if (!d) return NULL;
  ffs_memcpy(d, s, n);
  d[n] = 0;
  return d;
}

FFS_INTERFACE size_t wcslen(const wchar_t *s) {
  size_t n = REAL(size_t(*)(const wchar_t *), wcslen)(s);
  check("wcslen", s, (n + 1) * sizeof(wchar_t), false);
  return n;
}

FFS_INTERFACE wchar_t *wcscpy(wchar_t *d, const wchar_t *s) {
  size_t n = (REAL(size_t(*)(const wchar_t *), wcslen)(s) + 1) * sizeof(wchar_t);
  check("wcscpy", s, n, false);
  check("wcscpy", d, n, true);
  check_overlap("wcscpy", d, n, s, n);
  return REAL(wchar_t *(*)(wchar_t *, const wchar_t *), wcscpy)(d, s);
}

FFS_INTERFACE int wcscmp(const wchar_t *a, const wchar_t *b) {
  size_t i = 0;
  while (a[i] && a[i] == b[i]) i++;
  check("wcscmp", a, (i + 1) * sizeof(wchar_t), false);
  check("wcscmp", b, (i + 1) * sizeof(wchar_t), false);
  return a[i] < b[i] ? -1 : a[i] > b[i];
}
