/* flags.c — parses FFISAN_OPTIONS ("name=value:name=value", also ' ' ',' or
 * newline separated, values optionally quoted) into ffs_flags. Each string
 * flag owns a static buffer: the parser runs before the allocator is up. */
#include "flags.h"

#define MAX_VALUE 4096

ffs_flags_t ffs_flags;

#define FFS_FLAG(type, name, def, help) static char value_of_##name[MAX_VALUE];
#include "flags.inc"
#undef FFS_FLAG

static bool is_sep(char c) {
  return c == ':' || c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r';
}

static bool parse_long(const char *v, long *out) {
  long sign = 1, n = 0;
  if (*v == '-') { sign = -1; v++; }
  if (!*v) return false;
  for (; *v; v++) {
    if (*v < '0' || *v > '9' || n > 100000000000L) return false;
    n = n * 10 + (*v - '0');
  }
  *out = sign * n;
  return true;
}

static bool set_bool(bool *dst, char *unused, const char *v) {
  if (!ffs_strcmp(v, "1") || !ffs_strcmp(v, "true") || !ffs_strcmp(v, "yes")) *dst = true;
  else if (!ffs_strcmp(v, "0") || !ffs_strcmp(v, "false") || !ffs_strcmp(v, "no")) *dst = false;
  else return false;
  return true;
}

static bool set_int(int *dst, char *unused, const char *v) {
  long n;
  if (!parse_long(v, &n) || n < -2147483647L || n > 2147483647L) return false;
  *dst = (int)n;
  return true;
}

static bool set_leaks(int *dst, char *unused, const char *v) {
  if (!ffs_strcmp(v, "0") || !ffs_strcmp(v, "false")) *dst = FFS_LEAKS_OFF;
  else if (!ffs_strcmp(v, "1") || !ffs_strcmp(v, "boundary") || !ffs_strcmp(v, "true"))
    *dst = FFS_LEAKS_BOUNDARY;
  else if (!ffs_strcmp(v, "all") || !ffs_strcmp(v, "2")) *dst = FFS_LEAKS_ALL;
  else return false;
  return true;
}

static bool set_str(const char **dst, char *storage, const char *v) {
  ffs_strlcpy(storage, v, MAX_VALUE);
  *dst = storage;
  return true;
}

static const char *expected(const char *type) {
  if (!ffs_strcmp(type, "bool")) return "0 or 1";
  if (!ffs_strcmp(type, "int")) return "an integer";
  if (!ffs_strcmp(type, "leaks")) return "0, boundary or all";
  return "a string";
}

static bool range_ok(void) {
  return ffs_flags.quarantine_size_mb >= 0 && ffs_flags.malloc_context_size >= 0 &&
         ffs_flags.malloc_context_size <= 64 && ffs_flags.exitcode >= 0 &&
         ffs_flags.exitcode <= 255;
}

static void set_defaults(void) {
#define FFS_FLAG(type, name, def, help) ffs_flags.name = def;
#include "flags.inc"
#undef FFS_FLAG
}

/* The value as printed in an error line: at most 48 bytes, no control chars. */
static const char *printable(const char *v, char *buf, size_t size) {
  size_t n = 0;
  for (; *v && n + 4 < size && n < 48; v++) buf[n++] = (*v >= ' ' && *v != 127) ? *v : '?';
  if (*v) buf[n++] = '.', buf[n++] = '.', buf[n++] = '.';
  buf[n] = 0;
  return buf;
}

static void bad_value(const char *name, const char *value, const char *why) {
  char shown[64];
  ffs_warn("ERROR: option '%s': %s (got '%s'); using the default", name, why,
           printable(value, shown, sizeof shown));
}

/* Applies one "name=value"; returns false (after one error line) if bad. */
static bool apply(const char *name, const char *value) {
#define FFS_FLAG(type, fname, def, help)                                        \
  if (!ffs_strcmp(name, #fname)) {                                             \
    if (set_##type(&ffs_flags.fname, value_of_##fname, value)) return true;    \
    char why[64];                                                              \
    ffs_snprintf(why, sizeof why, "expected %s", expected(#type));             \
    bad_value(name, value, why);                                               \
    return false;                                                              \
  }
#include "flags.inc"
#undef FFS_FLAG
  char shown[64];
  ffs_warn("ERROR: unknown option '%s' in FFISAN_OPTIONS (ignored; help=1 lists them)",
           printable(name, shown, sizeof shown));
  return false;
}

/* Copies the next token [name=value] out of *p into name/value buffers. */
static bool next_entry(const char **p, char *name, size_t nsize, char *value,
                       size_t vsize, bool *has_value, bool *too_long) {
  const char *s = *p;
  while (*s && is_sep(*s)) s++;
  if (!*s) return false;
  size_t n = 0;
  while (*s && *s != '=' && !is_sep(*s)) {
    if (n + 1 < nsize) name[n++] = *s;
    s++;
  }
  name[n] = 0;
  *has_value = *s == '=';
  size_t v = 0;
  *too_long = n + 1 >= nsize;
  if (*has_value) {
    s++;
    char quote = (*s == '\'' || *s == '"') ? *s++ : 0;
    while (*s && (quote ? *s != quote : !is_sep(*s))) {
      if (v + 1 < vsize) value[v++] = *s;
      else *too_long = true;
      s++;
    }
    if (quote && *s) s++;
  }
  value[v] = 0;
  *p = s;
  return true;
}

int ffs_flags_parse(const char *opts) {
  set_defaults();
  if (!opts) return 0;
  int bad = 0;
  char name[64], value[MAX_VALUE];
  bool has_value, too_long;
  while (next_entry(&opts, name, sizeof name, value, sizeof value, &has_value, &too_long)) {
    char shown[64];
    if (!has_value) {
      ffs_warn("ERROR: option '%s' in FFISAN_OPTIONS has no '=value' (ignored)",
               printable(name, shown, sizeof shown));
      bad++;
      continue;
    }
    if (too_long) {
      bad_value(name, value, "value longer than 4095 bytes");
      bad++;
      continue;
    }
    ffs_flags_t saved = ffs_flags;
    if (!apply(name, value)) { bad++; continue; }
    if (!range_ok()) {
      bad_value(name, value, "out of range");
      ffs_flags = saved;
      bad++;
    }
  }
  return bad;
}

void ffs_flags_print_help(void) {
  char line[512];
  int n = ffs_snprintf(line, sizeof line, "Available flags for FFISan (FFISAN_OPTIONS=name=value:...):\n");
  ffs_write_all(ffs_stderr_fd, line, (size_t)n);
#define FFS_FLAG(type, name, def, help)                                        \
  n = ffs_snprintf(line, sizeof line, "\t%s\n\t\t- %s\n", #name, help);        \
  ffs_write_all(ffs_stderr_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
#include "flags.inc"
#undef FFS_FLAG
}
