/* flags.c — parses FFISAN_OPTIONS ("name=value:name=value", also ' ' ',' or
 * newline separated, values optionally quoted) into ffs_flags. String values
 * live in a static buffer: the parser runs before the allocator is up. */
#include "flags.h"

ffs_flags_t ffs_flags;

static char str_storage[4096];
static size_t str_used;

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

static bool set_bool(bool *dst, const char *v) {
  if (!ffs_strcmp(v, "1") || !ffs_strcmp(v, "true") || !ffs_strcmp(v, "yes")) *dst = true;
  else if (!ffs_strcmp(v, "0") || !ffs_strcmp(v, "false") || !ffs_strcmp(v, "no")) *dst = false;
  else return false;
  return true;
}

static bool set_int(int *dst, const char *v) {
  long n;
  if (!parse_long(v, &n) || n < -2147483647L || n > 2147483647L) return false;
  *dst = (int)n;
  return true;
}

static bool set_leaks(int *dst, const char *v) {
  if (!ffs_strcmp(v, "0") || !ffs_strcmp(v, "false")) *dst = FFS_LEAKS_OFF;
  else if (!ffs_strcmp(v, "1") || !ffs_strcmp(v, "boundary") || !ffs_strcmp(v, "true"))
    *dst = FFS_LEAKS_BOUNDARY;
  else if (!ffs_strcmp(v, "all") || !ffs_strcmp(v, "2")) *dst = FFS_LEAKS_ALL;
  else return false;
  return true;
}

static bool set_str(const char **dst, const char *v) {
  size_t n = ffs_strlen(v) + 1;
  if (str_used + n > sizeof str_storage) return false;
  ffs_memcpy(str_storage + str_used, v, n);
  *dst = str_storage + str_used;
  str_used += n;
  return true;
}

static const char *expected(const char *type) {
  if (!ffs_strcmp(type, "bool")) return "0 or 1";
  if (!ffs_strcmp(type, "int")) return "an integer";
  if (!ffs_strcmp(type, "leaks")) return "0, boundary or all";
  return "a string of at most 4095 bytes";
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

/* Applies one "name=value"; returns false (after one error line) if bad. */
static bool apply(const char *name, const char *value) {
#define FFS_FLAG(type, fname, def, help)                                       \
  if (!ffs_strcmp(name, #fname)) {                                            \
    if (set_##type(&ffs_flags.fname, value)) return true;                     \
    ffs_warn("ERROR: invalid value '%s' for option '%s' (expected %s); "     \
             "using the default", value, name, expected(#type));              \
    return false;                                                             \
  }
#include "flags.inc"
#undef FFS_FLAG
  ffs_warn("ERROR: unknown option '%s' in FFISAN_OPTIONS (ignored; help=1 lists them)",
           name);
  return false;
}

/* Copies the next token [name=value] out of *p into name/value buffers. */
static bool next_entry(const char **p, char *name, size_t nsize, char *value,
                       size_t vsize, bool *has_value) {
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
  if (*has_value) {
    s++;
    char quote = (*s == '\'' || *s == '"') ? *s++ : 0;
    while (*s && (quote ? *s != quote : !is_sep(*s))) {
      if (v + 1 < vsize) value[v++] = *s;
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
  str_used = 0;
  if (!opts) return 0;
  int bad = 0;
  char name[64], value[4096];
  bool has_value;
  while (next_entry(&opts, name, sizeof name, value, sizeof value, &has_value)) {
    if (!has_value) {
      ffs_warn("ERROR: option '%s' in FFISAN_OPTIONS has no '=value' (ignored)", name);
      bad++;
      continue;
    }
    ffs_flags_t saved = ffs_flags;
    if (!apply(name, value)) { bad++; continue; }
    if (!range_ok()) {
      ffs_warn("ERROR: value '%s' for option '%s' is out of range; using the default",
               value, name);
      ffs_flags = saved;
      bad++;
    }
  }
  return bad;
}

void ffs_flags_print_help(void) {
  char line[512];
  int n = ffs_snprintf(line, sizeof line, "Available flags for FFISan (FFISAN_OPTIONS=name=value:...):\n");
  ffs_write_all(2, line, (size_t)n);
#define FFS_FLAG(type, name, def, help)                                        \
  n = ffs_snprintf(line, sizeof line, "\t%s\n\t\t- %s\n", #name, help);        \
  ffs_write_all(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
#include "flags.inc"
#undef FFS_FLAG
}
