/* suppress.c — the suppressions file (see suppress.h): read once with
 * open/read into runtime memory, parsed line by line, matched against the
 * symbolized frames of a report's first stack (or of one leak group). */
#include "suppress.h"
#include "internal_alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINE 4096
#define MAX_FILE (64u << 20)

typedef struct {
  const char *kind;    /* from `kinds` below */
  char *pattern;       /* as written (anchors included), runtime memory */
  uint64_t hits, bytes;
} rule;

static rule *rules;
static int nrules, cap_rules;
static int loaded;

/* Every kind word a report can start with, plus the two group words. */
static const char *const kinds[] = {
    "alloc-dealloc-mismatch", "double-free", "invalid-free", "heap-use-after-free",
    "heap-buffer-overflow", "use-after-transfer", "dangling-argument", "argument-out-of-bounds",
    "write-through-shared-borrow", "use-after-borrow", "mut-borrow-overlap",
    "stack-address-escape", "boundary-leak", "memory-leak", "unwind-across-boundary",
    "invalid-value", "layout-mismatch", "signature-mismatch", "stack-buffer-overflow",
    "global-buffer-overflow", "unknown-crash", "leak", "lib",
};

static const char *known_kind(const char *k) {
  for (size_t i = 0; i < FFS_ARRAY_SIZE(kinds); i++)
    if (!ffs_strcmp(kinds[i], k)) return kinds[i];
  return NULL;
}

bool ffs_suppress_kind_known(const char *kind) { return known_kind(kind) != NULL; }

/* ---- matching ---- */

/* Pattern char i of the virtual pattern "[*]body[*]"; '*' for the implicit
 * stars of an unanchored side. */
typedef struct { const char *body; size_t len; bool lead, trail; } vpat;

static size_t vp_len(const vpat *v) { return v->len + v->lead + v->trail; }
static char vp_at(const vpat *v, size_t i) {
  if (v->lead) {
    if (i == 0) return '*';
    i--;
  }
  return i < v->len ? v->body[i] : '*';
}

bool ffs_glob_match(const char *pattern, const char *text) {
  if (!pattern || !text) return false;
  vpat v = {pattern, ffs_strlen(pattern), true, true};
  if (v.len && v.body[0] == '^') v.body++, v.len--, v.lead = false;
  if (v.len && v.body[v.len - 1] == '$') v.len--, v.trail = false;
  size_t L = vp_len(&v), pi = 0, ti = 0, mark = 0, star = (size_t)-1;
  while (text[ti]) {
    char c = pi < L ? vp_at(&v, pi) : 0;
    if (pi < L && c == '*') {
      star = pi++;
      mark = ti;
    } else if (pi < L && (c == '?' || c == text[ti])) {
      pi++;
      ti++;
    } else if (star != (size_t)-1) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < L && vp_at(&v, pi) == '*') pi++;
  return pi == L;
}

static bool is_leak_kind(const char *k) {
  return !ffs_strcmp(k, "boundary-leak") || !ffs_strcmp(k, "memory-leak");
}

static bool rule_applies(const rule *r, const char *kind) {
  if (!ffs_strcmp(r->kind, "lib")) return true;
  if (!ffs_strcmp(r->kind, "leak")) return is_leak_kind(kind);
  return !ffs_strcmp(r->kind, kind);
}

static bool frame_matches(const rule *r, const ffs_frame_info *f) {
  if (!ffs_strcmp(r->kind, "lib")) return ffs_glob_match(r->pattern, f->module);
  return ffs_glob_match(r->pattern, f->function) || ffs_glob_match(r->pattern, f->file) ||
         ffs_glob_match(r->pattern, f->module);
}

int ffs_suppress_match(const char *kind, const ffs_frame_info *frames, int n) {
  if (!kind || !*kind) return -1;
  for (int i = 0; i < nrules; i++) {
    if (!rule_applies(&rules[i], kind)) continue;
    for (int j = 0; j < n; j++)
      if (frame_matches(&rules[i], &frames[j])) return i;
  }
  return -1;
}

void ffs_suppress_note_use(int i, uint64_t count, uint64_t bytes) {
  if (i < 0 || i >= nrules) return;
  rules[i].hits += count;
  rules[i].bytes += bytes;
}

bool ffs_suppress_rule(int i, const char **kind, const char **pattern, uint64_t *hits,
                       uint64_t *bytes) {
  if (i < 0 || i >= nrules) return false;
  *kind = rules[i].kind;
  *pattern = rules[i].pattern;
  *hits = rules[i].hits;
  *bytes = rules[i].bytes;
  return true;
}

void ffs_suppress_clear_uses(void) {
  for (int i = 0; i < nrules; i++) rules[i].hits = rules[i].bytes = 0;
}

int ffs_suppress_count_rules(void) { return nrules; }

void ffs_suppress_reset(void) {
  for (int i = 0; i < nrules; i++) ffs_internal_free(rules[i].pattern);
  ffs_internal_free(rules);
  rules = NULL;
  nrules = cap_rules = 0;
  loaded = 0;
}

/* ---- parsing ---- */

/* The text as shown in an error: at most 48 bytes, control chars as '?'. */
static const char *shown(const char *s, size_t n, char *buf, size_t size) {
  size_t k = 0;
  for (size_t i = 0; i < n && k + 4 < size && k < 48; i++)
    buf[k++] = (s[i] >= ' ' && s[i] != 127) ? s[i] : '?';
  if (k < n && k + 3 < size) buf[k++] = '.', buf[k++] = '.', buf[k++] = '.';
  buf[k] = 0;
  return buf;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

static bool add_rule(const char *kind, const char *pat, size_t n) {
  if (nrules == cap_rules) {
    int cap = cap_rules ? cap_rules * 2 : 16;
    rule *r = ffs_internal_realloc(rules, (size_t)cap * sizeof *r);
    if (!r) return false;
    rules = r;
    cap_rules = cap;
  }
  char *p = ffs_internal_alloc(n + 1);
  if (!p) return false;
  ffs_memcpy(p, pat, n);
  p[n] = 0;
  rules[nrules++] = (rule){kind, p, 0, 0};
  return true;
}

static void line_error(const char *name, int lineno, const char *why) {
  ffs_warn("ERROR: suppressions file %s:%d: %s", name, lineno, why);
}

/* One line (without its newline). Returns false if malformed. */
static bool parse_line(const char *name, int lineno, const char *s, size_t n) {
  while (n && is_space(*s)) s++, n--;
  while (n && is_space(s[n - 1])) n--;
  if (!n || *s == '#') return true;
  char why[160], a[64];
  if (n >= MAX_LINE) {
    line_error(name, lineno, "line longer than 4095 bytes; line ignored");
    return false;
  }
  if (ffs_strlen(s) < n) { /* a NUL byte inside the line */
    line_error(name, lineno, "line contains a NUL byte; line ignored");
    return false;
  }
  size_t colon = 0;
  while (colon < n && s[colon] != ':') colon++;
  if (colon == n) {
    ffs_snprintf(why, sizeof why, "expected 'kind:pattern', got '%s'; line ignored",
                 shown(s, n, a, sizeof a));
    line_error(name, lineno, why);
    return false;
  }
  size_t kn = colon;
  while (kn && is_space(s[kn - 1])) kn--;
  char kind[40];
  if (!kn) {
    line_error(name, lineno, "missing bug kind before ':'; line ignored");
    return false;
  }
  const char *k = NULL;
  if (kn < sizeof kind) {
    ffs_memcpy(kind, s, kn);
    kind[kn] = 0;
    k = known_kind(kind);
  }
  if (!k) {
    ffs_snprintf(why, sizeof why,
                 "unknown kind '%s' (expected a bug kind such as alloc-dealloc-mismatch, "
                 "'leak' or 'lib'); line ignored", shown(s, kn, a, sizeof a));
    line_error(name, lineno, why);
    return false;
  }
  const char *p = s + colon + 1;
  size_t pn = n - colon - 1;
  while (pn && is_space(*p)) p++, pn--;
  if (!pn) {
    ffs_snprintf(why, sizeof why, "empty pattern after '%s:'; line ignored", k);
    line_error(name, lineno, why);
    return false;
  }
  if (!add_rule(k, p, pn)) {
    line_error(name, lineno, "out of memory; line ignored");
    return false;
  }
  return true;
}

int ffs_suppress_parse(const char *name, const char *text, size_t len) {
  int bad = 0, lineno = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && text[i] != '\n') continue;
    lineno++;
    if (i > start || i < len) bad += !parse_line(name, lineno, text + start, i - start);
    start = i + 1;
  }
  return bad;
}

static void unreadable(const char *path, const char *why) {
  ffs_warn("ERROR: cannot read suppressions file '%s': %s; no suppressions apply", path, why);
}

void ffs_suppress_load(const char *path) {
  if (!path || !*path || __atomic_exchange_n(&loaded, 1, __ATOMIC_ACQ_REL)) return;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0) {
    unreadable(path, strerrordesc_np(errno));
    if (fd >= 0) close(fd);
    return;
  }
  if (S_ISDIR(st.st_mode) || (uint64_t)st.st_size > MAX_FILE) {
    unreadable(path, S_ISDIR(st.st_mode) ? "is a directory" : "larger than 64 MiB");
    close(fd);
    return;
  }
  /* st_size is only a hint: pipes and /proc files say 0 */
  size_t cap = (size_t)st.st_size + 4096, len = 0;
  char *buf = ffs_internal_alloc(cap);
  for (;;) {
    if (buf && len + 1 == cap && cap <= MAX_FILE) {
      char *bigger = ffs_internal_realloc(buf, cap * 2);
      if (!bigger) ffs_internal_free(buf);
      buf = bigger;
      cap *= 2;
    }
    if (!buf || len + 1 == cap) {
      unreadable(path, buf ? "larger than 64 MiB" : "out of memory");
      ffs_internal_free(buf);
      close(fd);
      return;
    }
    ssize_t n = read(fd, buf + len, cap - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      unreadable(path, strerrordesc_np(errno));
      close(fd);
      ffs_internal_free(buf);
      return;
    }
    if (n == 0) break;
    len += (size_t)n;
  }
  close(fd);
  ffs_suppress_parse(path, buf, len);
  ffs_internal_free(buf);
}
