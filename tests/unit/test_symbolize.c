/* Unit tests for runtime/symbolize.c: demangling (real rustc 1.95 legacy and
 * v0 symbols, C++, plain C, truncation), symbolizing code of this binary
 * (function, file:line, inlined frames, side), libc, unknown addresses,
 * modules dlopen'ed after the first lookup, and concurrent use. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "symbolize.h"

/* ------------------------------------------------------------ demangling */

static void check_demangle(const char *mangled, const char *expected) {
  char buf[1024];
  const char *r = ffs_demangle(mangled, buf, sizeof(buf));
  cr_assert_eq(r, buf, "ffs_demangle must return buf");
  cr_assert_str_eq(buf, expected, "demangle(%s)", mangled);
}

/* Names taken with nm from a tiny program built by rustc 1.95 with -g
 * (legacy mangling, the default). */
Test(demangle, rust_legacy_drops_hash) {
  check_demangle("_ZN1m6helper17h5d50e57146780d2aE", "m::helper");
  check_demangle(
      "_ZN4core3ptr112drop_in_place$LT$hashbrown..map..HashMap$LT$alloc.."
      "string..String$C$u32$C$std..hash..random..RandomState$GT$$GT$"
      "17h270bc6d91aa35783E",
      "core::ptr::drop_in_place<hashbrown::map::HashMap<alloc::string::String,"
      "u32,std::hash::random::RandomState>>");
  check_demangle("_ZN4core3num23_$LT$impl$u20$usize$GT$13unchecked_add"
                 "18precondition_check17h44237745f237d90eE",
                 "core::num::<impl usize>::unchecked_add::precondition_check");
  /* LLVM-added suffixes do not leak into the name. */
  check_demangle("_ZN1m6helper17h5d50e57146780d2aE.llvm.12345", "m::helper");
}

/* Same program with -C symbol-mangling-version=v0 (accepted on stable). */
Test(demangle, rust_v0) {
  check_demangle("_RNvCskK7mfDs1mzF_1m6helper", "m::helper");
  check_demangle("_RNvCskK7mfDs1mzF_1m4main", "m::main");
  check_demangle("_RNvCsfLfy6EI15iL_7___rustc12___rust_alloc",
                 "__rustc::__rust_alloc");
  check_demangle("_RINvMs2_NtCsgEmfK2I1SDS_4core3fmtNtB6_9Arguments3newKj7_"
                 "Kj2_ECskK7mfDs1mzF_1m",
                 "<core::fmt::Arguments>::new::<7, 2>");
  check_demangle("_RNvMs0_NtNtCsgEmfK2I1SDS_4core4hash3sipINtB5_6HasherNtB5_"
                 "11Sip13RoundsE5resetCskK7mfDs1mzF_1m",
                 "<core::hash::sip::Hasher<core::hash::sip::Sip13Rounds>>::"
                 "reset");
}

Test(demangle, cxx) {
  check_demangle("_Znam", "operator new[](unsigned long)");
  check_demangle("_ZdlPvm", "operator delete(void*, unsigned long)");
  check_demangle("_ZNSt6vectorIiSaIiEE9push_backERKi",
                 "std::vector<int, std::allocator<int> >::push_back(int "
                 "const&)");
  check_demangle("_ZN2ns3fooEPKci", "ns::foo(char const*, int)");
  /* A C++ _ZN name is not mistaken for legacy Rust. */
  check_demangle("_ZN3foo3barEv", "foo::bar()");
}

Test(demangle, plain_and_invalid_names_unchanged) {
  check_demangle("malloc", "malloc");
  check_demangle("main", "main");
  check_demangle("settings_free", "settings_free");
  check_demangle("_Z", "_Z");
  check_demangle("_RX", "_RX");
  check_demangle("", "");
}

Test(demangle, truncation) {
  char buf[8];
  memset(buf, 'x', sizeof(buf));
  ffs_demangle("_ZNSt6vectorIiSaIiEE9push_backERKi", buf, sizeof(buf));
  cr_assert_str_eq(buf, "std::ve");
  memset(buf, 'x', sizeof(buf));
  ffs_demangle("_RNvMs0_NtNtCsgEmfK2I1SDS_4core4hash3sipINtB5_6HasherNtB5_"
               "11Sip13RoundsE5resetCskK7mfDs1mzF_1m",
               buf, sizeof(buf));
  cr_assert_str_eq(buf, "<core::");
  memset(buf, 'x', sizeof(buf));
  ffs_demangle("a_very_long_c_function_name", buf, sizeof(buf));
  cr_assert_str_eq(buf, "a_very_");
  char one[1] = {'x'};
  ffs_demangle("_Znam", one, 1);
  cr_assert_eq(one[0], '\0');
  /* size 0: nothing written, no crash */
  ffs_demangle("_Znam", one, 0);
  cr_assert_eq(one[0], '\0');
}

/* ------------------------------------------------------- symbolization */

static __attribute__((noinline)) uintptr_t capture_ret(void) {
  return (uintptr_t)__builtin_return_address(0);
}

/* The PC of the call to capture_ret() (ret - 1 lies in the call). */
static __attribute__((noinline)) uintptr_t sym_probe(int *line) {
  uintptr_t pc = capture_ret(); *line = __LINE__;
  return pc - 1;
}

static inline __attribute__((always_inline)) uintptr_t inl_inner(int *line) {
  uintptr_t pc = capture_ret(); *line = __LINE__;
  return pc - 1;
}

static __attribute__((noinline)) uintptr_t inl_outer(int *line, int *cline) {
  uintptr_t pc = inl_inner(line); *cline = __LINE__;
  return pc;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

Test(symbolize, own_function) {
  int line = 0;
  uintptr_t pc = sym_probe(&line);
  ffs_frame_info f[4];
  int n = ffs_symbolize(pc, f, 4);
  cr_assert_eq(n, 1);
  cr_assert_not_null(f[0].function);
  cr_assert_str_eq(f[0].function, "sym_probe");
  cr_assert_not_null(f[0].file);
  cr_assert(ends_with(f[0].file, "test_symbolize.c"), "file %s", f[0].file);
  cr_assert_eq(f[0].line, line);
  cr_assert_eq(f[0].side, FFS_SIDE_C);
  cr_assert_not_null(f[0].module);
  cr_assert(f[0].module_offset != 0 && f[0].module_offset <= pc);
  cr_assert_eq(ffs_side_of_pc(pc), FFS_SIDE_C);

  /* Cached: the same strings come back. */
  ffs_frame_info g[4];
  cr_assert_eq(ffs_symbolize(pc, g, 4), 1);
  cr_assert_eq(g[0].function, f[0].function);
  cr_assert_eq(g[0].file, f[0].file);
  cr_assert_eq(g[0].line, f[0].line);
}

Test(symbolize, inlined_frames) {
  int line = 0, cline = 0;
  uintptr_t pc = inl_outer(&line, &cline);
  ffs_frame_info f[4];
  int n = ffs_symbolize(pc, f, 4);
  cr_assert_eq(n, 2, "expected inline + caller, got %d", n);
  cr_assert_str_eq(f[0].function, "inl_inner");
  cr_assert(ends_with(f[0].file, "test_symbolize.c"));
  cr_assert_eq(f[0].line, line);
  cr_assert_eq(f[0].side, FFS_SIDE_C);
  cr_assert_str_eq(f[1].function, "inl_outer");
  cr_assert(ends_with(f[1].file, "test_symbolize.c"));
  cr_assert_eq(f[1].line, cline);
  cr_assert_eq(f[1].side, FFS_SIDE_C);
  cr_assert_eq(f[0].module, f[1].module);

  /* max smaller than the chain: innermost first. */
  ffs_frame_info one;
  cr_assert_eq(ffs_symbolize(pc, &one, 1), 1);
  cr_assert_str_eq(one.function, "inl_inner");
}

/* libc's own qsort (not an interceptor of a sanitizer, if any). */
static uintptr_t libc_qsort(void) {
  void *h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
  void *a = h ? dlsym(h, "qsort") : NULL;
  return a ? (uintptr_t)a : (uintptr_t)&qsort;
}

Test(symbolize, libc_is_c) {
  uintptr_t pc = libc_qsort();
  Dl_info di;
  cr_assert(dladdr((void *)pc, &di) && di.dli_fname);
  if (strstr(di.dli_fname, "libc.so") == NULL)
    cr_skip_test("qsort not resolved into libc (%s)", di.dli_fname);
  cr_assert_eq(ffs_side_of_pc(pc), FFS_SIDE_C);
  ffs_frame_info f;
  cr_assert_eq(ffs_symbolize(pc, &f, 1), 1);
  cr_assert_not_null(f.function);
  cr_assert(strstr(f.function, "qsort") != NULL, "function %s", f.function);
  cr_assert_not_null(f.module);
  cr_assert(strstr(f.module, "libc.so") != NULL, "module %s", f.module);
  cr_assert_eq(f.side, FFS_SIDE_C);
}

Test(symbolize, unknown_address) {
  ffs_frame_info f[4];
  memset(f, 0x5a, sizeof(f));
  int n = ffs_symbolize(0x10, f, 4);
  cr_assert_eq(n, 1);
  cr_assert_null(f[0].function);
  cr_assert_null(f[0].file);
  cr_assert_null(f[0].module);
  cr_assert_eq(f[0].line, 0);
  cr_assert_eq(f[0].side, FFS_SIDE_UNKNOWN);
  cr_assert_eq(ffs_side_of_pc(0x10), FFS_SIDE_UNKNOWN);
  /* Twice (cached negative result) and a kernel-half address. */
  cr_assert_eq(ffs_symbolize(0x10, f, 4), 1);
  cr_assert_null(f[0].function);
  cr_assert_eq(ffs_symbolize((uintptr_t)-4096, f, 4), 1);
  cr_assert_null(f[0].function);
  cr_assert_eq(ffs_symbolize(0x10, f, 0), 0);
}

/* A library loaded after the Dwfl exists is found: automatically (a miss
 * re-reports the modules) and after an explicit invalidate. */
static const struct {
  const char *lib, *sym;
} dl_candidates[] = {
    {"libuuid.so.1", "uuid_clear"},
    {"libexpat.so.1", "XML_ErrorString"},
    {"libgdbm.so.6", "gdbm_strerror"},
    {"libzstd.so.1", "ZSTD_versionNumber"},
    {"libreadline.so.8", "readline"},
};

static void *dlopen_fresh(const char **sym_out, void **addr_out) {
  for (size_t i = 0; i < sizeof(dl_candidates) / sizeof(dl_candidates[0]);
       i++) {
    void *h = dlopen(dl_candidates[i].lib, RTLD_NOW | RTLD_NOLOAD);
    if (h) { /* already mapped: useless for this test */
      dlclose(h);
      continue;
    }
    h = dlopen(dl_candidates[i].lib, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) continue;
    void *a = dlsym(h, dl_candidates[i].sym);
    if (a == NULL) continue;
    *sym_out = dl_candidates[i].sym;
    *addr_out = a;
    return h;
  }
  return NULL;
}

Test(symbolize, dlopen_after_first_use_auto) {
  int line;
  ffs_frame_info f;
  ffs_symbolize(sym_probe(&line), &f, 1); /* Dwfl now exists */
  const char *sym;
  void *addr;
  void *h = dlopen_fresh(&sym, &addr);
  if (h == NULL) cr_skip_test("no loadable, not yet loaded library found");
  cr_assert_eq(ffs_symbolize((uintptr_t)addr, &f, 1), 1);
  cr_assert_not_null(f.function, "%s not found after dlopen", sym);
  cr_assert_str_eq(f.function, sym);
  cr_assert_eq(f.side, FFS_SIDE_C);
}

Test(symbolize, dlopen_after_invalidate) {
  int line;
  ffs_frame_info f;
  ffs_symbolize(sym_probe(&line), &f, 1);
  const char *sym;
  void *addr;
  void *h = dlopen_fresh(&sym, &addr);
  if (h == NULL) cr_skip_test("no loadable, not yet loaded library found");
  ffs_symbolizer_invalidate();
  cr_assert_eq(ffs_side_of_pc((uintptr_t)addr), FFS_SIDE_C);
  cr_assert_eq(ffs_symbolize((uintptr_t)addr, &f, 1), 1);
  cr_assert_str_eq(f.function, sym);
  /* Entries of still-mapped modules survive the invalidation. */
  uintptr_t pc = sym_probe(&line);
  ffs_symbolizer_invalidate();
  cr_assert_eq(ffs_symbolize(pc, &f, 1), 1);
  cr_assert_str_eq(f.function, "sym_probe");
  cr_assert_eq(f.line, line);
}

static uintptr_t g_libc_pc;

static void *thread_main(void *arg) {
  uintptr_t pc = (uintptr_t)arg;
  for (int i = 0; i < 200; i++) {
    ffs_frame_info f[4];
    int n = ffs_symbolize(pc, f, 4);
    if (n < 1 || f[0].function == NULL || strcmp(f[0].function, "sym_probe"))
      return (void *)1;
    if (ffs_side_of_pc(g_libc_pc + (uintptr_t)(i % 16)) != FFS_SIDE_C)
      return (void *)1;
    if (i % 50 == 0) ffs_symbolizer_invalidate();
  }
  return NULL;
}

Test(symbolize, concurrent) {
  int line;
  uintptr_t pc = sym_probe(&line);
  g_libc_pc = libc_qsort();
  pthread_t t[8];
  for (int i = 0; i < 8; i++)
    cr_assert_eq(pthread_create(&t[i], NULL, thread_main, (void *)pc), 0);
  for (int i = 0; i < 8; i++) {
    void *r;
    pthread_join(t[i], &r);
    cr_assert_null(r, "thread %d failed", i);
  }
}
