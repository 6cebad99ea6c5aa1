/* symbolize.c — report-time symbolization on top of elfutils' libdwfl.
 *
 * One process-wide Dwfl describes the modules of the current process (read
 * from /proc/PID/maps), created lazily on first use. Per code address we
 * cache the inline chain (innermost inlined function first, the out-of-line
 * function last) and the side of the frame. Every string handed out is
 * interned and never freed, so it outlives Dwfl rebuilds.
 *
 * Names: DWARF linkage name, else the ELF symbol when it is mangled, else the
 * DWARF name, else the ELF symbol (.symtab or .dynsym, via libdwfl). Sides:
 * the DWARF language of the CU holding the PC (for an inlined frame, of the
 * CU defining the inlined function), else the mangling of the raw name. The
 * inline chain comes from our own walk of the CU (see scope_chain()); each
 * inline frame's file:line is its own location, its caller's is the
 * DW_AT_call_file/DW_AT_call_line of the inlined subroutine.
 *
 * Locking: libdw is not thread-safe, so every Dwfl access and both hash
 * tables sit behind one mutex. Re-entry on the same thread (a signal handler
 * that reports while this thread symbolizes) yields "unknown" frames instead
 * of deadlocking. After fork() the child rebuilds whatever another thread
 * may have been modifying (pthread_atfork, registered lazily).
 *
 * Callers hold ffs_enter_runtime(); we enter it again ourselves (it nests),
 * so libdw's and uthash's malloc calls are always tagged internal. */
#include "symbolize.h"

#include <limits.h>
#include <link.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <libiberty/demangle.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define HASH_NONFATAL_OOM 1
#include <uthash.h>

/* DWARF 5 language codes not named by older <dwarf.h>. */
#define FFS_DW_LANG_C_plus_plus_17 0x002a
#define FFS_DW_LANG_C_plus_plus_20 0x002b
#define FFS_DW_LANG_C17 0x002c

#define MAX_INLINE_FRAMES 32 /* cached per address; deeper chains are cut */
#define NAME_BUF 4096        /* demangled name buffer */

/* ---------------------------------------------------------------- state */

typedef struct {
  UT_hash_handle hh;
  char s[]; /* the key */
} interned_str;

typedef struct {
  uintptr_t addr; /* key */
  bool have_side;
  bool have_frames;
  ffs_side side;
  const char *module; /* interned; checked when modules are re-reported */
  uintptr_t module_start;
  int nframes;
  ffs_frame_info *frames;
  UT_hash_handle hh;
} cache_entry;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int g_lock_held;   /* set while g_lock is held (for fork) */
static pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;
static Dwfl *g_dwfl;
static int g_stale;                /* set by ffs_symbolizer_invalidate() */
static bool g_need_prune;          /* modules re-reported since last prune */
static cache_entry *g_cache;
static interned_str *g_strings;
static FFS_TLS int t_inside;       /* this thread is inside the symbolizer */

static char *g_debuginfo_path;     /* NULL: libdw's default search path */
static const Dwfl_Callbacks g_callbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = NULL,
    .debuginfo_path = &g_debuginfo_path,
};

/* ---------------------------------------------------------------- fork */

static void atfork_child(void) {
  /* Single-threaded now. If another thread held the lock at fork time the
   * Dwfl and the tables may be half-updated: drop them (leaked, never
   * freed: interned strings already handed out stay valid). */
  if (g_lock_held) {
    g_dwfl = NULL;
    g_cache = NULL;
    g_strings = NULL;
    g_need_prune = false;
  }
  g_lock_held = 0;
  t_inside = 0;
  pthread_mutex_init(&g_lock, NULL);
}

static void register_atfork(void) { pthread_atfork(NULL, NULL, atfork_child); }

static bool lock_symbolizer(void) {
  if (t_inside) return false; /* re-entered from a signal handler */
  pthread_once(&g_atfork_once, register_atfork);
  pthread_mutex_lock(&g_lock);
  g_lock_held = 1;
  t_inside = 1;
  return true;
}

static void unlock_symbolizer(void) {
  t_inside = 0;
  g_lock_held = 0;
  pthread_mutex_unlock(&g_lock);
}

/* ---------------------------------------------------------------- intern */

static const char *intern(const char *s) {
  if (s == NULL) return NULL;
  interned_str *e;
  size_t len = ffs_strlen(s);
  HASH_FIND(hh, g_strings, s, len, e);
  if (e) return e->s;
  e = malloc(sizeof(*e) + len + 1);
  if (e == NULL) return NULL;
  ffs_memcpy(e->s, s, len + 1);
  HASH_ADD_KEYPTR(hh, g_strings, e->s, len, e);
  return e->s; /* valid even if the add failed (OOM): never freed */
}

/* ---------------------------------------------------------------- demangle */

typedef struct {
  char *buf;
  size_t size;
  size_t len;
} demangle_sink;

static void demangle_cb(const char *piece, size_t n, void *opaque) {
  demangle_sink *d = opaque;
  if (d->len + 1 >= d->size) return;
  size_t room = d->size - 1 - d->len;
  if (n > room) n = room;
  ffs_memcpy(d->buf + d->len, piece, n);
  d->len += n;
  d->buf[d->len] = '\0';
}

static bool is_hex_lower(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Legacy Rust mangling: _ZN ... 17h<16 hex digits>E (optionally followed by
 * a ".llvm.NNN"-style suffix). */
static bool is_rust_legacy(const char *s) {
  if (ffs_strncmp(s, "_ZN", 3) != 0) return false;
  size_t len = ffs_strlen(s);
  const char *dot = NULL;
  for (const char *p = s; *p; p++)
    if (*p == '.') { dot = p; break; }
  if (dot) len = (size_t)(dot - s);
  if (len < 3 + 20 + 1) return false;
  const char *h = s + len - 20; /* "17h" + 16 hex + "E" */
  if (h[0] != '1' || h[1] != '7' || h[2] != 'h' || h[19] != 'E') return false;
  for (int i = 3; i < 19; i++)
    if (!is_hex_lower(h[i])) return false;
  return true;
}

static bool is_rust_v0(const char *s) {
  return ffs_strncmp(s, "_R", 2) == 0;
}

static ffs_side side_of_mangled(const char *name) {
  if (name == NULL || name[0] == '\0') return FFS_SIDE_UNKNOWN;
  if (is_rust_v0(name) || is_rust_legacy(name)) return FFS_SIDE_RUST;
  if (ffs_strncmp(name, "_Z", 2) == 0) return FFS_SIDE_CXX;
  return FFS_SIDE_C;
}

const char *ffs_demangle(const char *name, char *buf, size_t size) {
  if (buf == NULL || size == 0) return buf;
  buf[0] = '\0';
  if (name == NULL) return buf;
  demangle_sink d = {buf, size, 0};
  /* No DMGL_VERBOSE: legacy Rust hashes and v0 crate disambiguators are
   * left out. The callback variants never call malloc. */
  if (is_rust_v0(name) || ffs_strncmp(name, "_ZN", 3) == 0) {
    if (rust_demangle_callback(name, 0, demangle_cb, &d)) return buf;
    d.len = 0;
    buf[0] = '\0';
  }
  if (ffs_strncmp(name, "_Z", 2) == 0 || ffs_strncmp(name, "_GLOBAL_", 8) == 0) {
    if (cplus_demangle_v3_callback(name, DMGL_PARAMS | DMGL_ANSI, demangle_cb,
                                   &d))
      return buf;
    buf[0] = '\0';
  }
  ffs_strlcpy(buf, name, size);
  return buf;
}

/* ---------------------------------------------------------------- Dwfl */

/* One loaded object, from the dynamic loader's own list: /proc/self/maps
 * would also show libelf's read-only mappings of the very files being
 * symbolized and shift module boundaries. The vDSO has no file: skipped. */
static int report_one(struct dl_phdr_info *info, size_t size, void *arg) {
  char exe[PATH_MAX];
  const char *path = info->dlpi_name;
  if (!path || !*path) {
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = 0;
    path = exe;
  }
  if (path[0] != '/' && access(path, R_OK) != 0) return 0;
  dwfl_report_elf(g_dwfl, path, path, -1, info->dlpi_addr, false);
  return 0;
}

static void report_modules(void) {
  /* Modules that are reported again keep their loaded ELF/DWARF. */
  dwfl_report_begin(g_dwfl);
  dl_iterate_phdr(report_one, NULL);
  dwfl_report_end(g_dwfl, NULL, NULL);
  g_need_prune = true;
}

static void free_entry(cache_entry *e) {
  free(e->frames);
  free(e);
}

/* After modules were re-reported: drops cached entries whose address now
 * lies in another module than when they were resolved (dlclose, dlopen over
 * an address that had no module). */
static void prune_cache(void) {
  cache_entry *e, *tmp;
  HASH_ITER(hh, g_cache, e, tmp) {
    Dwfl_Module *mod = dwfl_addrmodule(g_dwfl, e->addr);
    Dwarf_Addr start = 0;
    const char *name =
        mod ? dwfl_module_info(mod, NULL, &start, NULL, NULL, NULL, NULL, NULL)
            : NULL;
    bool keep;
    if (e->module == NULL || name == NULL)
      keep = e->module == NULL && name == NULL;
    else
      keep = start == e->module_start && ffs_strcmp(name, e->module) == 0;
    if (!keep) {
      HASH_DEL(g_cache, e);
      free_entry(e);
    }
  }
}

/* Called with the lock held, before any cache entry is looked at: creates
 * the Dwfl, applies a pending invalidation, and drops cache entries that a
 * re-report may have made wrong. Returns NULL if libdw fails. */
static Dwfl *refresh_dwfl(void) {
  if (g_dwfl == NULL) {
    g_dwfl = dwfl_begin(&g_callbacks);
    if (g_dwfl == NULL) return NULL;
    __atomic_store_n(&g_stale, 0, __ATOMIC_RELAXED);
    report_modules();
  } else if (__atomic_exchange_n(&g_stale, 0, __ATOMIC_ACQ_REL)) {
    report_modules();
  }
  if (g_need_prune) {
    g_need_prune = false;
    prune_cache();
  }
  return g_dwfl;
}

/* Never prunes (an entry may be being filled): a re-report here is pruned
 * at the start of the next lookup. */
static Dwfl_Module *find_module(uintptr_t addr) {
  if (g_dwfl == NULL) return NULL;
  Dwfl_Module *mod = dwfl_addrmodule(g_dwfl, addr);
  if (mod == NULL) {
    /* Maybe dlopen'ed since the last report: look once more. */
    report_modules();
    mod = dwfl_addrmodule(g_dwfl, addr);
  }
  return mod;
}

/* ---------------------------------------------------------------- DWARF */

static ffs_side side_of_lang(int lang) {
  switch (lang) {
  case DW_LANG_Rust:
    return FFS_SIDE_RUST;
  case DW_LANG_C89:
  case DW_LANG_C:
  case DW_LANG_C99:
  case DW_LANG_C11:
  case FFS_DW_LANG_C17:
  case DW_LANG_ObjC:
    return FFS_SIDE_C;
  case DW_LANG_C_plus_plus:
  case DW_LANG_C_plus_plus_03:
  case DW_LANG_C_plus_plus_11:
  case DW_LANG_C_plus_plus_14:
  case FFS_DW_LANG_C_plus_plus_17:
  case FFS_DW_LANG_C_plus_plus_20:
  case DW_LANG_ObjC_plus_plus:
    return FFS_SIDE_CXX;
  default:
    return FFS_SIDE_UNKNOWN; /* assembler, other languages: use mangling */
  }
}

static const char *die_string(Dwarf_Die *die, unsigned int at) {
  Dwarf_Attribute attr;
  return dwarf_formstring(dwarf_attr_integrate(die, at, &attr));
}

static const char *die_linkage_name(Dwarf_Die *die) {
  const char *n = die_string(die, DW_AT_linkage_name);
  if (n == NULL) n = die_string(die, DW_AT_MIPS_linkage_name);
  return n;
}

/* Language of the CU that defines an (inlined) function: the abstract
 * origin's CU, which differs from the caller's after cross-CU inlining. */
static int origin_lang(Dwarf_Die *die, Dwarf_Die *cudie) {
  Dwarf_Attribute attr;
  Dwarf_Die origin, cu;
  Dwarf_Die *cur = die;
  for (int depth = 0; depth < 8; depth++) {
    if (dwarf_formref_die(dwarf_attr(cur, DW_AT_abstract_origin, &attr),
                          &origin) == NULL &&
        dwarf_formref_die(dwarf_attr(cur, DW_AT_specification, &attr),
                          &origin) == NULL)
      break;
    cur = &origin;
  }
  if (cur != die && dwarf_diecu(cur, &cu, NULL, NULL) != NULL)
    return dwarf_srclang(&cu);
  return dwarf_srclang(cudie);
}

static bool is_function_tag(int tag) {
  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
         tag == DW_TAG_entry_point;
}

/* Concrete scope chain of `pc` below `parent`: pushes the function DIEs
 * (out-of-line function first, innermost inline last) into chain[] and
 * returns the new count. Code-bearing DIEs (functions, blocks) are entered
 * only when they contain pc; everything else (namespaces, types: rustc
 * nests functions in DW_TAG_namespace, C++ in classes) is searched through.
 * Used instead of dwarf_getscopes(), which in elfutils 0.188 returns 0
 * ("no address value") for rustc 1.95 CUs. */
static int scope_chain(Dwarf_Die *parent, Dwarf_Addr pc, Dwarf_Die *chain,
                       int n, int max, int depth) {
  Dwarf_Die child;
  if (depth > 64 || dwarf_child(parent, &child) != 0) return n;
  do {
    int tag = dwarf_tag(&child);
    switch (tag) {
    case DW_TAG_subprogram:
    case DW_TAG_inlined_subroutine:
    case DW_TAG_entry_point:
    case DW_TAG_lexical_block:
    case DW_TAG_try_block:
    case DW_TAG_catch_block:
    case DW_TAG_with_stmt:
      if (dwarf_haspc(&child, pc) > 0) {
        if (is_function_tag(tag) && n < max) chain[n++] = child;
        return scope_chain(&child, pc, chain, n, max, depth + 1);
      }
      break;
    case DW_TAG_namespace:
    case DW_TAG_module:
    case DW_TAG_class_type:
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_interface_type:
    case DW_TAG_enumeration_type:
    case DW_TAG_variant_part:
    case DW_TAG_variant: {
      int m = scope_chain(&child, pc, chain, n, max, depth + 1);
      if (m > n) return m;
      break;
    }
    default:
      break;
    }
  } while (dwarf_siblingof(&child, &child) == 0);
  return n;
}

/* ---------------------------------------------------------------- lookup */

typedef struct {
  Dwfl_Module *mod;
  const char *module; /* interned */
  uintptr_t module_start;
  uintptr_t module_offset;
  const char *sym;    /* raw ELF symbol name (libdw-owned), or NULL */
  Dwarf_Die *cudie;   /* libdw-owned, or NULL */
  Dwarf_Addr dwbias;
} lookup_ctx;

/* libdw finds a CU through .debug_aranges, which clang does not emit by
 * default: without them, scan the CUs' address ranges. */
static Dwarf_Die *cu_containing(Dwfl_Module *mod, Dwarf_Addr addr, Dwarf_Addr *bias) {
  Dwarf_Die *cu = dwfl_module_addrdie(mod, addr, bias);
  for (Dwarf_Die *d = NULL; !cu && (d = dwfl_module_nextcu(mod, d, bias)) != NULL;)
    if (dwarf_haspc(d, addr - *bias) > 0) cu = d;
  return cu;
}

/* file:line of addr: libdw's module lookup, or the CU's line table. */
static const char *source_line(const lookup_ctx *c, Dwarf_Addr addr, int *line, int *col) {
  Dwfl_Line *dl = dwfl_module_getsrc(c->mod, addr);
  if (dl) return dwfl_lineinfo(dl, NULL, line, col, NULL, NULL);
  Dwarf_Line *l = c->cudie ? dwarf_getsrc_die(c->cudie, addr - c->dwbias) : NULL;
  if (!l) return NULL;
  dwarf_lineno(l, line);
  dwarf_linecol(l, col);
  return dwarf_linesrc(l, NULL, NULL);
}

static bool lookup_begin(uintptr_t addr, lookup_ctx *c) {
  ffs_memset(c, 0, sizeof(*c));
  c->module_offset = addr;
  c->mod = find_module(addr);
  if (c->mod == NULL) return false;
  Dwarf_Addr start = 0;
  const char *name =
      dwfl_module_info(c->mod, NULL, &start, NULL, NULL, NULL, NULL, NULL);
  c->module = intern(name);
  c->module_start = start;
  GElf_Addr bias = 0;
  if (dwfl_module_getelf(c->mod, &bias) != NULL)
    c->module_offset = addr - bias;
  else
    c->module_offset = addr - start;
  GElf_Off off;
  GElf_Sym sym;
  c->sym = dwfl_module_addrinfo(c->mod, addr, &off, &sym, NULL, NULL, NULL);
  c->cudie = cu_containing(c->mod, addr, &c->dwbias);
  return true;
}

static ffs_side ctx_side(const lookup_ctx *c) {
  ffs_side s = FFS_SIDE_UNKNOWN;
  if (c->cudie) s = side_of_lang(dwarf_srclang(c->cudie));
  if (s == FFS_SIDE_UNKNOWN) s = side_of_mangled(c->sym);
  return s;
}

static const char *demangled_interned(const char *raw) {
  if (raw == NULL) return NULL;
  char buf[NAME_BUF];
  return intern(ffs_demangle(raw, buf, sizeof(buf)));
}

/* Name of a function DIE. For the out-of-line function the ELF symbol wins
 * over a bare DWARF name when the symbol carries more (mangled) info. */
static const char *frame_name(Dwarf_Die *die, const char *elf_sym,
                              const char **raw_out) {
  const char *raw = die ? die_linkage_name(die) : NULL;
  if (raw == NULL && elf_sym != NULL &&
      (ffs_strncmp(elf_sym, "_Z", 2) == 0 || is_rust_v0(elf_sym)))
    raw = elf_sym;
  if (raw == NULL && die != NULL) raw = die_string(die, DW_AT_name);
  if (raw == NULL) raw = elf_sym;
  *raw_out = raw;
  return demangled_interned(raw);
}

static void fill_frames(uintptr_t addr, cache_entry *e) {
  ffs_frame_info tmp[MAX_INLINE_FRAMES];
  int n = 0;
  lookup_ctx c;
  bool found = lookup_begin(addr, &c);

  ffs_frame_info base = {0};
  base.module = c.module;
  base.module_offset = c.module_offset;
  e->module = c.module;
  e->module_start = c.module_start;

  if (found) {
    ffs_side file_side = ctx_side(&c);
    if (!e->have_side) {
      e->side = file_side;
      e->have_side = true;
    }
    /* Location of the PC itself (innermost frame). */
    int line = 0, col = 0;
    const char *file = source_line(&c, addr, &line, &col);

    Dwarf_Die chain[MAX_INLINE_FRAMES];
    int nchain = 0;
    if (c.cudie != NULL)
      nchain = scope_chain(c.cudie, addr - c.dwbias, chain, 0,
                           MAX_INLINE_FRAMES, 0);
    Dwarf_Files *files = NULL;
    bool have_files = false;
    bool have_subprogram = false;
    for (int i = nchain - 1; i >= 0 && n < MAX_INLINE_FRAMES; i--) {
      Dwarf_Die *die = &chain[i];
      int tag = dwarf_tag(die);
      bool outer = tag != DW_TAG_inlined_subroutine;
      ffs_frame_info *f = &tmp[n++];
      *f = base;
      const char *raw = NULL;
      f->function = frame_name(die, outer ? c.sym : NULL, &raw);
      f->file = intern(file);
      f->line = line;
      f->column = col;
      if (outer) {
        f->side = file_side; /* same answer as ffs_side_of_pc() */
        have_subprogram = true;
        break;
      }
      f->side = side_of_lang(origin_lang(die, c.cudie));
      if (f->side == FFS_SIDE_UNKNOWN) f->side = side_of_mangled(raw);
      /* The caller's location is where this inline was expanded. */
      Dwarf_Attribute attr;
      Dwarf_Word v;
      file = NULL;
      line = col = 0;
      if (!have_files)
        have_files = dwarf_getsrcfiles(c.cudie, &files, NULL) == 0;
      if (have_files &&
          dwarf_formudata(dwarf_attr(die, DW_AT_call_file, &attr), &v) == 0)
        file = dwarf_filesrc(files, v, NULL, NULL);
      if (dwarf_formudata(dwarf_attr(die, DW_AT_call_line, &attr), &v) == 0)
        line = (int)v;
      if (dwarf_formudata(dwarf_attr(die, DW_AT_call_column, &attr), &v) == 0)
        col = (int)v;
    }
    if (!have_subprogram && n < MAX_INLINE_FRAMES) {
      /* No DWARF function (no debug info, or a gap): ELF symbol only. */
      ffs_frame_info *f = &tmp[n++];
      *f = base;
      f->function = demangled_interned(c.sym);
      f->file = intern(file);
      f->line = file ? line : 0;
      f->column = file ? col : 0;
      f->side = file_side;
    }
  } else {
    if (!e->have_side) {
      e->side = FFS_SIDE_UNKNOWN;
      e->have_side = true;
    }
  }
  if (n == 0) {
    tmp[0] = base;
    tmp[0].side = FFS_SIDE_UNKNOWN;
    n = 1;
  }
  e->frames = malloc(sizeof(ffs_frame_info) * (size_t)n);
  if (e->frames != NULL) {
    ffs_memcpy(e->frames, tmp, sizeof(ffs_frame_info) * (size_t)n);
    e->nframes = n;
    e->have_frames = true;
  }
}

/* Returns the cache entry for addr, creating an empty one if needed, or the
 * caller-provided scratch entry when there is nothing worth caching (libdw
 * failed to start) or on OOM. */
static cache_entry *get_entry(uintptr_t addr, cache_entry *scratch) {
  cache_entry *e;
  if (g_dwfl == NULL) {
    ffs_memset(scratch, 0, sizeof(*scratch));
    scratch->addr = addr;
    return scratch;
  }
  HASH_FIND(hh, g_cache, &addr, sizeof(addr), e);
  if (e) return e;
  e = calloc(1, sizeof(*e));
  if (e == NULL) {
    ffs_memset(scratch, 0, sizeof(*scratch));
    scratch->addr = addr;
    return scratch;
  }
  e->addr = addr;
  HASH_ADD(hh, g_cache, addr, sizeof(e->addr), e);
  /* With HASH_NONFATAL_OOM a failed add leaves e out of the table. */
  cache_entry *check;
  HASH_FIND(hh, g_cache, &addr, sizeof(addr), check);
  if (check != e) {
    free(e);
    ffs_memset(scratch, 0, sizeof(*scratch));
    scratch->addr = addr;
    return scratch;
  }
  return e;
}

/* ---------------------------------------------------------------- API */

int ffs_symbolize(uintptr_t addr, ffs_frame_info *out, int max) {
  if (out == NULL || max <= 0) return 0;
  ffs_enter_runtime();
  int n = 1;
  ffs_memset(&out[0], 0, sizeof(out[0]));
  out[0].module_offset = addr;
  if (lock_symbolizer()) {
    refresh_dwfl();
    cache_entry scratch;
    cache_entry *e = get_entry(addr, &scratch);
    if (!e->have_frames) fill_frames(addr, e);
    if (e->have_frames) {
      n = e->nframes < max ? e->nframes : max;
      ffs_memcpy(out, e->frames, sizeof(ffs_frame_info) * (size_t)n);
    }
    if (e == &scratch) free(scratch.frames);
    unlock_symbolizer();
  }
  ffs_leave_runtime();
  return n;
}

ffs_side ffs_side_of_pc(uintptr_t addr) {
  ffs_side s = FFS_SIDE_UNKNOWN;
  ffs_enter_runtime();
  if (lock_symbolizer()) {
    refresh_dwfl();
    cache_entry scratch;
    cache_entry *e = get_entry(addr, &scratch);
    if (!e->have_side) {
      lookup_ctx c;
      e->side = lookup_begin(addr, &c) ? ctx_side(&c) : FFS_SIDE_UNKNOWN;
      e->module = c.module;
      e->module_start = c.module_start;
      e->have_side = true;
    }
    s = e->side;
    unlock_symbolizer();
  }
  ffs_leave_runtime();
  return s;
}

void ffs_symbolizer_invalidate(void) {
  __atomic_store_n(&g_stale, 1, __ATOMIC_RELEASE);
}
