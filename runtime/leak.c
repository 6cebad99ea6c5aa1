/* leak.c — the leak check at exit (see leak.h). Roots are every private
 * writable mapping of /proc/self/maps that is neither the heap nor the
 * runtime's own metadata (this covers module data/bss, thread stacks, static
 * TLS and ld.so's blocks), the live part of the current stack, and blocks
 * the runtime itself allocated. Any word pointing into a live block (interior
 * pointers too) makes it reachable. Leaks are grouped by allocation stack. */
#include "leak.h"
#include "alloc.h"
#include "allocator.h"
#include "depot.h"
#include "flags.h"
#include "internal_alloc.h"
#include "report.h"
#include "symbolize.h"
#include "unwind.h"

#include <fcntl.h>
#include <unistd.h>
#include <uthash.h>

typedef struct { ffs_chunk **items; size_t n, cap; } chunk_list;

typedef struct {
  struct { uint32_t stack; uint8_t family, indirect; } key;
  uint64_t bytes, count;
  bool crossed;
  ffs_side alloc_side, owner_side;
  UT_hash_handle hh;
} leak_group;

static void push(chunk_list *l, ffs_chunk *m) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4096;
    ffs_chunk **items = ffs_internal_realloc(l->items, cap * sizeof(*items));
    if (!items) return; /* out of memory: the block stays unscanned */
    l->items = items;
    l->cap = cap;
  }
  l->items[l->n++] = m;
}

/* Marks (with `set`) every live block a word of [lo,hi) points into, unless
 * it already has a flag of `skip`; newly marked blocks go to `out`. */
static void scan_range(uintptr_t lo, uintptr_t hi, ffs_chunk *self, uint8_t skip, uint8_t set,
                       chunk_list *out) {
  for (uintptr_t p = (lo + 7) & ~(uintptr_t)7; p + sizeof(uintptr_t) <= hi; p += sizeof(uintptr_t)) {
    uintptr_t v = *(const uintptr_t *)p, begin;
    ffs_chunk *m = ffs_find_chunk(v, &begin);
    if (!m || m == self || m->state != FFS_CHUNK_LIVE || (m->flags & skip)) continue;
    if (v < begin || v >= begin + (m->size ? m->size : 1)) continue;
    m->flags |= set;
    if (out) push(out, m);
  }
}

static void drain(chunk_list *work) {
  while (work->n) {
    ffs_chunk *m = work->items[--work->n];
    uintptr_t b = ffs_chunk_begin(m);
    scan_range(b, b + m->size, m, FFS_CF_REACHABLE, FFS_CF_REACHABLE, work);
  }
}

/* ---- roots ---- */

static uintptr_t parse_hex(const char **s) {
  uintptr_t v = 0;
  for (;; (*s)++) {
    char c = **s;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return v;
    v = v * 16 + (uintptr_t)d;
  }
}

static void scan_maps_line(const char *line, chunk_list *work) {
  uintptr_t lo = parse_hex(&line);
  if (*line++ != '-') return;
  uintptr_t hi = parse_hex(&line);
  if (*line++ != ' ' || line[0] != 'r' || line[1] != 'w' || line[3] != 'p') return;
  uintptr_t heap_lo, heap_hi, begin;
  ffs_heap_range(&heap_lo, &heap_hi);
  if (lo < heap_hi && hi > heap_lo) return;
  if (ffs_is_internal_map(lo, hi)) return;
  if (ffs_find_chunk(lo, &begin)) return; /* a large block: scanned only if reachable */
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (sp >= lo && sp < hi) lo = sp; /* dead frames below us hold stale pointers */
  scan_range(lo, hi, NULL, FFS_CF_REACHABLE, FFS_CF_REACHABLE, work);
}

static void scan_mappings(chunk_list *work) {
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ffs_warn("WARNING: cannot read /proc/self/maps; leak check skipped");
    return;
  }
  char buf[8192], line[1024];
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] != '\n') {
        if (len < sizeof line - 1) line[len++] = buf[i];
        continue;
      }
      line[len] = 0;
      scan_maps_line(line, work);
      len = 0;
    }
  }
  close(fd);
}

/* ---- collection and classification ---- */

static void clear_and_collect(ffs_chunk *m, uintptr_t begin, void *arg) {
  m->flags &= (uint8_t)~(FFS_CF_REACHABLE | FFS_CF_INDIRECT);
  if (m->flags & FFS_CF_INTERNAL) {
    m->flags |= FFS_CF_REACHABLE;
    push(arg, m);
  }
}

static void collect_leaked(ffs_chunk *m, uintptr_t begin, void *arg) {
  if (!(m->flags & (FFS_CF_REACHABLE | FFS_CF_INTERNAL))) push(arg, m);
}

/* crt's _start and rustc's generated `main` shim (no line info): they sit
 * under every stack and belong to neither side. Functions of libraries
 * built without -g still count, by their symbol's mangling. */
static bool start_up_glue(const ffs_frame_info *f) {
  if (f->file) return false;
  return !f->function || !ffs_strcmp(f->function, "_start") || !ffs_strcmp(f->function, "main");
}

/* Which sides the allocation stack went through: a block made on one side
 * inside a call from the other side, or made by one side's allocator in the
 * other side's code, crossed the boundary. */
static void classify(leak_group *g) {
  const uintptr_t *pcs;
  int n = ffs_depot_get(g->key.stack, &pcs);
  ffs_side first = FFS_SIDE_UNKNOWN, last = FFS_SIDE_UNKNOWN;
  bool mixed = false;
  for (int i = 0; i < n; i++) {
    if (ffs_pc_in_runtime(pcs[i])) continue;
    ffs_frame_info f;
    ffs_symbolize(pcs[i] - 1, &f, 1);
    if (ffs_module_is_system(f.module) || start_up_glue(&f)) continue; /* no side */
    ffs_side s = ffs_side_of_pc(pcs[i] - 1);
    if (s == FFS_SIDE_UNKNOWN) continue;
    if (first == FFS_SIDE_UNKNOWN) first = s;
    mixed |= last != FFS_SIDE_UNKNOWN && (s == FFS_SIDE_RUST) != (last == FFS_SIDE_RUST);
    last = s;
  }
  bool rust_block = g->key.family == FFS_FAM_RUST;
  g->alloc_side = rust_block ? FFS_SIDE_RUST : first;
  g->owner_side = last != FFS_SIDE_UNKNOWN ? last : g->alloc_side;
  bool foreign_allocator = first != FFS_SIDE_UNKNOWN && (first == FFS_SIDE_RUST) != rust_block;
  g->crossed = mixed || foreign_allocator;
}

static leak_group *group_leaks(chunk_list *leaked) {
  leak_group *groups = NULL;
  for (size_t i = 0; i < leaked->n; i++) {
    ffs_chunk *m = leaked->items[i];
    leak_group probe = {0}, *g;
    probe.key.stack = m->alloc_stack;
    probe.key.family = m->family;
    probe.key.indirect = (m->flags & FFS_CF_INDIRECT) != 0;
    HASH_FIND(hh, groups, &probe.key, sizeof probe.key, g);
    if (!g) {
      g = ffs_internal_alloc(sizeof *g);
      if (!g) continue;
      g->key = probe.key;
      classify(g);
      HASH_ADD(hh, groups, key, sizeof g->key, g);
    }
    g->bytes += m->size;
    g->count++;
  }
  return groups;
}

static int by_bytes(leak_group *a, leak_group *b) {
  if (a->key.indirect != b->key.indirect) return a->key.indirect - b->key.indirect;
  return a->bytes < b->bytes ? 1 : a->bytes > b->bytes ? -1 : 0;
}

static const char *family_how(int family) {
  return family == FFS_FAM_RUST ? "global allocator" : ffs_family_name(family);
}

/* One report for the groups whose `crossed` equals `boundary`. */
static int report_groups(leak_group *groups, bool boundary) {
  uint64_t bytes = 0, count = 0;
  for (leak_group *g = groups; g; g = g->hh.next)
    if (g->crossed == boundary) bytes += g->bytes, count += g->count;
  if (!count || !ffs_report_begin()) return 0;
  const char *kind = boundary ? "boundary-leak" : "memory-leak";
  ffs_report_printf("\n==%d==ERROR: FFISan: %s: detected memory leaks%s\n\n", ffs_getpid(), kind,
                    boundary ? " that crossed the Rust/C boundary" : "");
  for (leak_group *g = groups; g; g = g->hh.next) {
    if (g->crossed != boundary) continue;
    ffs_report_printf("%s leak of %lu byte(s) in %lu object(s) allocated by %s (%s)",
                      g->key.indirect ? "Indirect" : "Direct", (unsigned long)g->bytes,
                      (unsigned long)g->count, ffs_side_name(g->alloc_side),
                      family_how(g->key.family));
    if (boundary) ffs_report_printf(", last owned by %s", ffs_side_name(g->owner_side));
    ffs_report_printf(", from:\n");
    ffs_report_stack(g->key.stack);
    ffs_report_printf("\n");
  }
  ffs_report_printf("SUMMARY: FFISan: %s %lu byte(s) leaked in %lu allocation(s).\n", kind,
                    (unsigned long)bytes, (unsigned long)count);
  ffs_report_end(false);
  return (int)count;
}

int ffs_leak_check_at_exit(void) {
  if (ffs_flags.detect_leaks == FFS_LEAKS_OFF) return 0;
  ffs_enter_runtime();
  chunk_list work = {0}, leaked = {0};
  ffs_for_each_live_chunk(clear_and_collect, &work);
  scan_mappings(&work);
  drain(&work);
  ffs_for_each_live_chunk(collect_leaked, &leaked);
  for (size_t i = 0; i < leaked.n; i++) {
    uintptr_t b = ffs_chunk_begin(leaked.items[i]);
    scan_range(b, b + leaked.items[i]->size, leaked.items[i], FFS_CF_REACHABLE | FFS_CF_INDIRECT,
               FFS_CF_INDIRECT, NULL);
  }
  leak_group *groups = group_leaks(&leaked);
  HASH_SORT(groups, by_bytes);
  int n = report_groups(groups, true);
  if (ffs_flags.detect_leaks == FFS_LEAKS_ALL) n += report_groups(groups, false);
  ffs_leave_runtime();
  return n;
}
