/* errors.c — the reports of the preload runtime's bug kinds (see errors.h);
 * wording follows ASan so people and tools already know how to read them. */
#include "errors.h"
#include "alloc.h"
#include "boundary.h"
#include "globals.h"
#include "shadow.h"
#include "symbolize.h"
#include "depot.h"
#include "report.h"
#include "threads.h"
#include "unwind.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>

/* "inside a call from Rust into C f(), made at g file:line" when the error
 * happens while a boundary crossing is in progress on this thread. */
static void print_crossing(void) {
  const ffs_crossing *c = ffs_innermost_crossing();
  if (!c) return;
  ffs_frame_info callee, caller;
  ffs_symbolize(c->fn, &callee, 1);
  ffs_symbolize(c->caller - 1, &caller, 1);
  ffs_report_printf("inside a call from %s into %s %s(), made at %s %s:%d\n", ffs_side_name(c->from),
                    ffs_side_name(c->to), callee.function ? callee.function : "??",
                    caller.function ? caller.function : "??", caller.file ? caller.file : "??",
                    caller.line);
}

static const char *family_how(int family) {
  switch (family) {
  case FFS_FAM_RUST: return "global allocator";
  case FFS_FAM_NEW: return "operator new";
  case FFS_FAM_NEW_ARRAY: return "operator new []";
  default: return "malloc";
  }
}

static ffs_side block_side(const ffs_chunk *m) {
  if (m->family == FFS_FAM_RUST) return FFS_SIDE_RUST;
  ffs_side s = ffs_stack_user_side(m->alloc_stack);
  return s == FFS_SIDE_UNKNOWN && m->family != FFS_FAM_MALLOC ? FFS_SIDE_CXX : s;
}

static void print_alloc_stack(const ffs_chunk *m, const char *prefix) {
  ffs_report_printf("%sallocated by %s (%s) in thread T%u here:\n", prefix,
                    ffs_side_name(block_side(m)), family_how(m->family), m->alloc_tid);
  ffs_report_stack(m->alloc_stack);
}

static void print_free_stack(const ffs_chunk *m) {
  ffs_report_printf("freed by %s (%s) in thread T%u here:\n",
                    ffs_side_name(ffs_stack_user_side(m->free_stack)),
                    ffs_release_name(m->free_kind), m->free_tid);
  ffs_report_stack(m->free_stack);
}

/* "<fn> file:line" of a one-frame stack (fake-frame entry or return). */
static void print_site(const char *what, uint32_t stack) {
  const uintptr_t *pcs;
  if (!ffs_depot_get(stack, &pcs)) return;
  ffs_report_printf("%s\n", what);
  ffs_report_pcs(pcs, 1);
}

static void describe_stack_object(const ffs_chunk *m) {
  if (m->state == FFS_CHUNK_QUARANTINED)
    print_site("the frame that owned it returned here:", m->free_stack);
  print_site("the object was created in this frame:", m->alloc_stack);
}

static void describe_chunk(uintptr_t addr, const ffs_chunk *m, uintptr_t begin) {
  uintptr_t end = begin + m->size;
  if (addr < begin)
    ffs_report_printf("%p is located %lu bytes before %lu-byte region [%p,%p)\n", (void *)addr,
                      (unsigned long)(begin - addr), (unsigned long)m->size, (void *)begin, (void *)end);
  else if (addr >= end)
    ffs_report_printf("%p is located %lu bytes after %lu-byte region [%p,%p)\n", (void *)addr,
                      (unsigned long)(addr - end), (unsigned long)m->size, (void *)begin, (void *)end);
  else
    ffs_report_printf("%p is located %lu bytes inside of %lu-byte region [%p,%p)\n", (void *)addr,
                      (unsigned long)(addr - begin), (unsigned long)m->size, (void *)begin, (void *)end);
  if (m->family == FFS_FAM_STACK) {
    describe_stack_object(m);
  } else if (m->state == FFS_CHUNK_QUARANTINED) {
    print_free_stack(m);
    print_alloc_stack(m, "previously ");
  } else {
    print_alloc_stack(m, "");
  }
}

typedef struct { uintptr_t addr; const char *name; bool found; } module_find;

static int module_cb(struct dl_phdr_info *info, size_t size, void *p) {
  module_find *f = p;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_LOAD && f->addr - (info->dlpi_addr + ph->p_vaddr) < ph->p_memsz) {
      f->name = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "<main program>";
      f->found = true;
      return 1;
    }
  }
  return 0;
}

static bool on_current_stack(uintptr_t addr) {
  pthread_attr_t attr;
  void *lo;
  size_t size;
  bool in = false;
  if (pthread_getattr_np(pthread_self(), &attr)) return false;
  if (!pthread_attr_getstack(&attr, &lo, &size)) in = addr - (uintptr_t)lo < size;
  pthread_attr_destroy(&attr);
  return in;
}

/* Not in the heap: stack, global data, or nothing known. */
static const char *classify_foreign(uintptr_t addr, module_find *f) {
  f->addr = addr;
  f->found = false;
  if (on_current_stack(addr)) return "stack address";
  dl_iterate_phdr(module_cb, f);
  return f->found ? "global address" : "never allocated";
}

/* A block of the program (or a fake frame), not one the runtime made for
 * itself: the reporter's own allocations may reuse freed neighbours. */
static bool program_block(const ffs_chunk *m) {
  return m && m->state != FFS_CHUNK_AVAILABLE &&
         (!(m->flags & FFS_CF_INTERNAL) || m->family == FFS_FAM_STACK);
}

/* addr lies outside any block: describe the block in use right after its
 * chunk ("8 bytes before 7-byte region"), as ASan names the nearest chunk. */
static bool describe_next_block(uintptr_t addr, const ffs_chunk *m, uintptr_t begin) {
  uintptr_t next_begin;
  ffs_chunk *next = ffs_find_chunk(begin + ffs_chunk_usable(m), &next_begin);
  if (!program_block(next) || addr >= next_begin) return false;
  describe_chunk(addr, next, next_begin);
  return true;
}

void ffs_describe_address(uintptr_t addr) {
  uintptr_t begin;
  ffs_chunk *m = ffs_find_chunk(addr, &begin);
  if (program_block(m)) {
    describe_chunk(addr, m, begin);
    return;
  }
  if (m && describe_next_block(addr, m, begin)) return;
  module_find f;
  const char *what = classify_foreign(addr, &f);
  if (f.found) {
    Dl_info di;
    const char *sym = dladdr((void *)addr, &di) && di.dli_sname ? di.dli_sname : NULL;
    ffs_report_printf("%p is located in global/static data of %s%s%s\n", (void *)addr, f.name,
                      sym ? ", variable " : "", sym ? sym : "");
  } else if (!ffs_strcmp(what, "stack address")) {
    ffs_report_printf("%p is located in the stack of thread T%u\n", (void *)addr, ffs_current_tid());
  } else {
    ffs_report_printf("%p is not inside any block ffisan knows of\n", (void *)addr);
  }
}

static uint32_t begin_error(const char *header_fmt_kind, void *p, const char *detail) {
  uint32_t here = ffs_stack_here_max(64, 0);
  ffs_report_printf("==%d==ERROR: FFISan: %s%s on %p in thread T%u\n", ffs_getpid(),
                    header_fmt_kind, detail, p, ffs_current_tid());
  ffs_report_stack(here);
  return here;
}

void ffs_error_double_free(void *p, ffs_chunk *m, int how) {
  if (!ffs_report_begin()) return;
  uint32_t here = begin_error("double-free", p, "");
  if (m->free_stack) {
    describe_chunk((uintptr_t)p, m, (uintptr_t)p);
  } else {
    ffs_report_printf("%p was released earlier and is no longer in quarantine\n", p);
  }
  ffs_report_summary("double-free", here);
  ffs_report_end(true);
}

void ffs_error_invalid_free(void *p, ffs_chunk *m, int how) {
  if (!ffs_report_begin()) return;
  module_find f;
  const char *what = !m ? classify_foreign((uintptr_t)p, &f)
                    : m->family == FFS_FAM_STACK ? "stack address" /* a local in a fake frame */
                                                 : "interior pointer";
  char detail[64];
  ffs_snprintf(detail, sizeof detail, " (%s)", what);
  uint32_t here = begin_error("invalid-free", p, detail);
  ffs_describe_address((uintptr_t)p);
  ffs_report_summary("invalid-free", here);
  ffs_report_end(true);
}

void ffs_error_mismatch(void *p, ffs_chunk *m, int how) {
  if (!ffs_report_begin()) return;
  char detail[96];
  ffs_snprintf(detail, sizeof detail, " (%s vs %s)", ffs_family_name(m->family),
               ffs_release_name(how));
  uint32_t here = begin_error("alloc-dealloc-mismatch", p, detail);
  describe_chunk((uintptr_t)p, m, (uintptr_t)p);
  ffs_report_summary("alloc-dealloc-mismatch", here);
  ffs_report_end(true);
}

void ffs_error_bad_access(const char *fn, uintptr_t addr, size_t size, bool write,
                          ffs_chunk *m, uintptr_t begin) {
  if (!ffs_report_begin()) return;
  const char *kind = m->state == FFS_CHUNK_LIVE ? "heap-buffer-overflow" : "heap-use-after-free";
  /* the first bad byte: for overflows the first one past the block */
  uintptr_t bad = addr;
  if (m->state == FFS_CHUNK_LIVE && addr >= begin && addr < begin + m->size) bad = begin + m->size;
  uint32_t here = ffs_stack_here_max(64, 0);
  ffs_report_printf("==%d==ERROR: FFISan: %s on address %p in thread T%u\n", ffs_getpid(), kind,
                    (void *)bad, ffs_current_tid());
  ffs_report_printf("%s of size %lu at %p thread T%u\n", write ? "WRITE" : "READ",
                    (unsigned long)size, (void *)bad, ffs_current_tid());
  ffs_report_stack(here);
  print_crossing();
  describe_chunk(bad, m, begin);
  ffs_report_summary(kind, here);
  ffs_report_end(true);
}

void ffs_error_overlap(const char *fn, uintptr_t a, size_t an, uintptr_t b, size_t bn) {
  if (!ffs_report_begin()) return;
  uint32_t here = ffs_stack_here_max(64, 0);
  ffs_report_printf("==%d==ERROR: FFISan: mut-borrow-overlap in %s: [%p,%p) overlaps [%p,%p) in thread T%u\n",
                    ffs_getpid(), fn, (void *)a, (void *)(a + an), (void *)b, (void *)(b + bn),
                    ffs_current_tid());
  ffs_report_stack(here);
  ffs_report_printf("the destination of %s is borrowed exclusively: it must not overlap the source\n", fn);
  ffs_describe_address(a);
  ffs_report_summary("mut-borrow-overlap", here);
  ffs_report_end(true);
}

/* ---- accesses caught by instrumented code (shadow checks) ---- */

static const char *kind_of_poison(uint8_t value, const ffs_chunk *m) {
  switch (value) {
  case FFISAN_POISON_HEAP_FREED: return "heap-use-after-free";
  case FFISAN_POISON_STACK_RETURNED: return "stack-address-escape";
  case FFISAN_POISON_STACK_REDZONE: return "stack-buffer-overflow";
  case FFISAN_POISON_GLOBAL_REDZONE: return "global-buffer-overflow";
  case FFISAN_POISON_SHARED_BORROW: return "write-through-shared-borrow";
  default: break; /* heap redzone or a partially addressable granule */
  }
  if (m) return m->family == FFS_FAM_STACK ? "stack-buffer-overflow" : "heap-buffer-overflow";
  return "unknown-crash";
}

static void describe_global(uintptr_t addr, const struct __ffisan_global *g) {
  uintptr_t beg = (uintptr_t)g->beg;
  char name[256];
  ffs_demangle(g->name, name, sizeof name); /* Rust statics carry their mangled name */
  if (addr >= beg + g->size)
    ffs_report_printf("%p is located %lu bytes after global variable '%s' defined in '%s' "
                      "(%p) of size %lu\n", (void *)addr, (unsigned long)(addr - beg - g->size),
                      name, g->module, g->beg, (unsigned long)g->size);
  else
    ffs_report_printf("%p is located %lu bytes inside of global variable '%s' defined in '%s' "
                      "(%p) of size %lu\n", (void *)addr, (unsigned long)(addr - beg), name,
                      g->module, g->beg, (unsigned long)g->size);
}

void ffs_error_shadow_access(uintptr_t addr, size_t size, bool write) {
  if (!ffs_report_begin()) return;
  uintptr_t bad = ffs_shadow_first_bad(addr, size);
  if (!bad) bad = addr;
  uintptr_t begin;
  ffs_chunk *m = ffs_find_chunk(bad, &begin);
  if (m && m->state == FFS_CHUNK_AVAILABLE) m = NULL;
  const struct __ffisan_global *g = m ? NULL : ffs_global_containing(bad);
  const char *kind = kind_of_poison((uint8_t)*ffs_shadow_of(bad), m);
  if (g && !ffs_strcmp(kind, "unknown-crash")) kind = "global-buffer-overflow";
  uint32_t here = ffs_stack_here_user(64);
  const uintptr_t *pcs;
  uintptr_t pc = ffs_depot_get(here, &pcs) ? pcs[0] : 0;
  ffs_report_printf("==%d==ERROR: FFISan: %s on address %p in thread T%u\n", ffs_getpid(), kind,
                    (void *)bad, ffs_current_tid());
  ffs_report_printf("%s of size %lu at %p thread T%u (%s code)\n", write ? "WRITE" : "READ",
                    (unsigned long)size, (void *)bad, ffs_current_tid(),
                    ffs_side_name(pc ? ffs_side_of_pc(pc - 1) : FFS_SIDE_UNKNOWN));
  ffs_report_stack(here);
  print_crossing();
  if (m) describe_chunk(bad, m, begin);
  else if (g) describe_global(bad, g);
  else ffs_describe_address(bad);
  ffs_report_summary(kind, here);
  ffs_report_end(true);
}

void ffs_error_dangling_argument(void *callee, size_t index, uintptr_t p, ffs_chunk *m,
                                 uintptr_t begin, ffs_side from, ffs_side to) {
  if (!ffs_report_begin()) return;
  ffs_frame_info f;
  ffs_symbolize((uintptr_t)callee, &f, 1);
  uint32_t here = ffs_stack_here_user(64);
  ffs_report_printf("==%d==ERROR: FFISan: dangling-argument in a call from %s to %s %s() in "
                    "thread T%u\n", ffs_getpid(), ffs_side_name(from), ffs_side_name(to),
                    f.function ? f.function : "??", ffs_current_tid());
  ffs_report_printf("pointer argument #%zu (%p) points into a released block\n", index, (void *)p);
  ffs_report_stack(here);
  describe_chunk(p, m, begin);
  ffs_report_summary("dangling-argument", here);
  ffs_report_end(true);
}
