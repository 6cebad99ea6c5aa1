/* callsite.c — see callsite.h. The verdict cache is an open-addressing table
 * of packed 64-bit words (ret_addr << 8 | verdict << 1 | 1) filled with CAS;
 * lookups are one hash and usually one load. Module data (Rust allocator
 * symbol ranges) is loaded once per module under a spinlock. */
#include "callsite.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_SIZE ((size_t)1 << 20)
#define MAX_MODULES 512
#define MAX_RANGES 24

typedef struct { uintptr_t lo, hi; int kind; } sym_range;

typedef struct {
  uintptr_t base;        /* load bias (dlpi_addr) */
  const ElfW(Phdr) *phdr;
  int phnum;
  bool loaded, is_loader;
  int nranges;
  sym_range ranges[MAX_RANGES];
} module;

static uint64_t *cache;
static module modules[MAX_MODULES];
static int nmodules;
static ffs_spinlock modules_lock = FFS_SPINLOCK_INIT;

static uintptr_t loader_lo, loader_hi; /* ld.so's text: known without any lock */

static int find_loader(struct dl_phdr_info *info, size_t sz, void *p) {
  if (!info->dlpi_name || !ffs_strstr(info->dlpi_name, "/ld-linux")) return 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
      loader_lo = info->dlpi_addr + ph->p_vaddr;
      loader_hi = loader_lo + ph->p_memsz;
    }
  }
  return 1;
}

void ffs_callsite_init(void) {
  cache = ffs_mmap(CACHE_SIZE * sizeof(uint64_t));
  dl_iterate_phdr(find_loader, NULL);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t a = ffs_strlen(s), b = ffs_strlen(suffix);
  return a >= b && !ffs_strcmp(s + a - b, suffix);
}

/* Which Rust allocator symbol a (mangled) name is, or FFS_RSYM_NONE. */
static int rust_alloc_symbol(const char *name) {
  static const struct { const char *suffix; int kind; } names[] = {
      {"__rust_alloc", FFS_RSYM_SHIM},       {"__rust_dealloc", FFS_RSYM_SHIM},
      {"__rust_realloc", FFS_RSYM_SHIM},     {"__rust_alloc_zeroed", FFS_RSYM_SHIM},
      {"__rdl_alloc", FFS_RSYM_RDL_ALLOC},   {"__rdl_dealloc", FFS_RSYM_RDL_DEALLOC},
      {"__rdl_realloc", FFS_RSYM_RDL_REALLOC}, {"__rdl_alloc_zeroed", FFS_RSYM_RDL_ALLOC_ZEROED},
      {"__rg_alloc", FFS_RSYM_BODY},         {"__rg_dealloc", FFS_RSYM_BODY},
      {"__rg_realloc", FFS_RSYM_BODY},       {"__rg_alloc_zeroed", FFS_RSYM_BODY},
  };
  for (size_t i = 0; i < FFS_ARRAY_SIZE(names); i++)
    if (ends_with(name, names[i].suffix)) return names[i].kind;
  if (ffs_strstr(name, "System") && ffs_strstr(name, "GlobalAlloc")) return FFS_RSYM_BODY;
  return FFS_RSYM_NONE;
}

/* [off, off+len) lies inside a file of `size` bytes (no overflow). */
static bool within(uint64_t off, uint64_t len, size_t size) {
  return off <= size && len <= size - off;
}

/* A symbol's name, or NULL if it does not end inside its string table
 * (a corrupted or truncated file must never make us read past the map). */
static const char *symbol_name(const char *file, const ElfW(Shdr) *str, ElfW(Word) idx) {
  if (idx >= str->sh_size) return NULL;
  const char *s = file + str->sh_offset + idx, *end = file + str->sh_offset + str->sh_size;
  for (const char *p = s; p < end; p++)
    if (!*p) return s;
  return NULL;
}

static void scan_symtab(module *m, const char *file, const ElfW(Shdr) *sh,
                        const ElfW(Shdr) *strtab) {
  const ElfW(Sym) *syms = (const ElfW(Sym) *)(file + sh->sh_offset);
  size_t n = sh->sh_size / sizeof(ElfW(Sym));
  for (size_t i = 0; i < n && m->nranges < MAX_RANGES; i++) {
    if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC || !syms[i].st_value) continue;
    const char *name = symbol_name(file, strtab, syms[i].st_name);
    int kind = name ? rust_alloc_symbol(name) : FFS_RSYM_NONE;
    if (!kind) continue;
    uintptr_t lo = m->base + syms[i].st_value;
    m->ranges[m->nranges++] = (sym_range){lo, lo + (syms[i].st_size ? syms[i].st_size : 1), kind};
  }
}

/* Reads the module's .symtab (or .dynsym) from disk: Rust allocator ranges. */
static void load_module(module *m, const char *path) {
  m->loaded = true;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st;
  const char *file = MAP_FAILED;
  if (!fstat(fd, &st) && st.st_size > (off_t)sizeof(ElfW(Ehdr)))
    file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (file == MAP_FAILED) return;
  size_t size = (size_t)st.st_size;
  const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)file;
  if (!ffs_strncmp((const char *)eh->e_ident, ELFMAG, SELFMAG) &&
      eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_shoff &&
      within(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(ElfW(Shdr)), size) &&
      !(eh->e_shoff % _Alignof(ElfW(Shdr)))) {
    const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(file + eh->e_shoff);
    for (int pass = 0; pass < 2 && !m->nranges; pass++) {
      unsigned want = pass ? SHT_DYNSYM : SHT_SYMTAB;
      for (int i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != want || sh[i].sh_link >= eh->e_shnum) continue;
        const ElfW(Shdr) *str = &sh[sh[i].sh_link];
        if (!within(sh[i].sh_offset, sh[i].sh_size, size) ||
            !within(str->sh_offset, str->sh_size, size) || sh[i].sh_offset % _Alignof(ElfW(Sym)))
          continue;
        scan_symtab(m, file, &sh[i], str);
      }
    }
  }
  munmap((void *)file, size);
}

static bool in_load(const ElfW(Phdr) *ph, int n, uintptr_t base, uintptr_t a) {
  for (int i = 0; i < n; i++)
    if (ph[i].p_type == PT_LOAD && a - (base + ph[i].p_vaddr) < ph[i].p_memsz) return true;
  return false;
}

static module *module_for(struct dl_phdr_info *info) {
  for (int i = 0; i < nmodules; i++)
    if (modules[i].base == info->dlpi_addr && modules[i].phdr == info->dlpi_phdr)
      return &modules[i];
  if (nmodules == MAX_MODULES) return NULL;
  module *m = &modules[nmodules++];
  *m = (module){.base = info->dlpi_addr, .phdr = info->dlpi_phdr, .phnum = info->dlpi_phnum};
  const char *name = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "/proc/self/exe";
  m->is_loader = ffs_strstr(name, "/ld-linux") != NULL;
  load_module(m, name);
  return m;
}

/* Is a inside a symbol of the shim (shim=true) or of an allocator body? */
static bool in_range(const module *m, uintptr_t a, bool shim) {
  for (int i = 0; i < m->nranges; i++)
    if ((m->ranges[i].kind == FFS_RSYM_SHIM) == shim &&
        a - m->ranges[i].lo < m->ranges[i].hi - m->ranges[i].lo)
      return true;
  return false;
}

/* Target of the call instruction ending at ret, or 0 if not decodable. */
static uintptr_t call_target(const module *m, uintptr_t ret) {
  const uint8_t *p = (const uint8_t *)ret;
  if (p[-5] == 0xe8) return ret + (uintptr_t)(intptr_t)*(const int32_t *)(p - 4);
  if (p[-6] == 0xff && p[-5] == 0x15) {
    uintptr_t slot = ret + (uintptr_t)(intptr_t)*(const int32_t *)(p - 4);
    if (in_load(m->phdr, m->phnum, m->base, slot) && in_load(m->phdr, m->phnum, m->base, slot + 7))
      return *(const uintptr_t *)slot;
  }
  return 0;
}

typedef struct { uintptr_t ret; int verdict; } find_arg;

/* Runs under the loader's lock; modules_lock nests inside it, never around. */
static int classify_cb(struct dl_phdr_info *info, size_t sz, void *p) {
  find_arg *arg = p;
  if (!in_load(info->dlpi_phdr, info->dlpi_phnum, info->dlpi_addr, arg->ret)) return 0;
  ffs_spin_lock(&modules_lock);
  module *m = module_for(info);
  if (m && m->is_loader) arg->verdict = FFS_SITE_LOADER;
  else if (m && m->nranges) {
    uintptr_t target = call_target(m, arg->ret);
    if ((target && in_range(m, target, true)) || in_range(m, arg->ret, false))
      arg->verdict = FFS_SITE_RUST;
  }
  ffs_spin_unlock(&modules_lock);
  return 1;
}

static int classify_slow(uintptr_t ret) {
  find_arg arg = {ret, FFS_SITE_C};
  dl_iterate_phdr(classify_cb, &arg);
  return arg.verdict;
}

int ffs_classify_callsite(uintptr_t ret, bool cached_only) {
  if (ret - loader_lo < loader_hi - loader_lo) return FFS_SITE_LOADER;
  if (!cache) return FFS_SITE_C;
  uint64_t key = (uint64_t)ret << 8;
  size_t h = (size_t)((ret * 0x9E3779B97F4A7C15ULL) >> 44);
  for (size_t probe = 0; probe < 16; probe++) {
    uint64_t *slot = &cache[(h + probe) & (CACHE_SIZE - 1)];
    uint64_t v = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (v && (v & ~(uint64_t)0xff) == key) return (int)((v >> 1) & 0x7f);
    if (v) continue;
    if (cached_only) return FFS_SITE_C;
    int verdict = classify_slow(ret);
    uint64_t expected = 0;
    __atomic_compare_exchange_n(slot, &expected, key | (uint64_t)verdict << 1 | 1, false,
                                __ATOMIC_RELEASE, __ATOMIC_RELAXED);
    return verdict;
  }
  return cached_only ? FFS_SITE_C : classify_slow(ret);
}

typedef struct { void (*fn)(int kind, uintptr_t lo, uintptr_t hi); } each_arg;

static int each_cb(struct dl_phdr_info *info, size_t sz, void *p) {
  each_arg *arg = p;
  ffs_spin_lock(&modules_lock);
  module *m = module_for(info);
  ffs_spin_unlock(&modules_lock);
  for (int i = 0; m && i < m->nranges; i++)
    arg->fn(m->ranges[i].kind, m->ranges[i].lo, m->ranges[i].hi);
  return 0;
}

void ffs_for_each_rust_alloc_symbol(void (*fn)(int kind, uintptr_t lo, uintptr_t hi)) {
  each_arg arg = {fn};
  dl_iterate_phdr(each_cb, &arg);
}

void ffs_callsite_forget_modules(void) {
  ffs_spin_lock(&modules_lock);
  nmodules = 0;
  ffs_spin_unlock(&modules_lock);
  if (!cache) return;
  for (size_t i = 0; i < CACHE_SIZE; i++)
    if (__atomic_load_n(&cache[i], __ATOMIC_RELAXED)) __atomic_store_n(&cache[i], 0, __ATOMIC_RELAXED);
}
