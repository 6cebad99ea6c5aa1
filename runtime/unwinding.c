/* unwinding.c — unwind-across-boundary in preload mode. The unwinder's
 * raise entry point is interposed to record the raise stack (each frame's
 * pc and CFA); the C++ personality routine is interposed to learn, during
 * the search phase, which frame will catch. Frames of the other language
 * between the two mean the exception crosses the boundary: reported before
 * the cleanup phase unwinds anything. An exception nobody catches is
 * checked over the whole stack. Rust panics raised through these same entry
 * points are covered where a C++ frame catches them; a Rust panic leaving an
 * `extern "C"` function already aborts in Rust itself. */
#include "boundary.h"
#include "depot.h"
#include "report.h"
#include "symbolize.h"
#include "threads.h"
#include "unwind.h"

#include <dlfcn.h>
#include <unwind.h>

#define MAX_RAISE_FRAMES 64
#define CXX_CLASS 0x474e5543432b2b00ULL /* "GNUCC++\0" */
#define CXX_DEP_CLASS 0x474e5543432b2b01ULL /* std::rethrow_exception */
#define RUST_CLASS 0x4d4f5a0052555354ULL /* "MOZ\0RUST" */

typedef _Unwind_Reason_Code (*raise_fn)(struct _Unwind_Exception *);
typedef _Unwind_Reason_Code (*personality_fn)(int, _Unwind_Action, uint64_t,
                                              struct _Unwind_Exception *, struct _Unwind_Context *);
typedef _Unwind_Reason_Code (*backtrace_fn)(_Unwind_Trace_Fn, void *);

typedef struct {
  struct _Unwind_Exception *exc;
  int n;
  bool checked;
  uintptr_t ip[MAX_RAISE_FRAMES], cfa[MAX_RAISE_FRAMES];
} raise_state;

static FFS_TLS raise_state raising;

static void *next_symbol(void **slot, const char *name) {
  void *f = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (!f) {
    f = dlsym(RTLD_NEXT, name);
    __atomic_store_n(slot, f, __ATOMIC_RELEASE);
  }
  return f;
}

static _Unwind_Reason_Code collect(struct _Unwind_Context *ctx, void *arg) {
  raise_state *r = arg;
  if (r->n == MAX_RAISE_FRAMES) return _URC_END_OF_STACK;
  if (!_Unwind_GetIP(ctx)) return _URC_NO_REASON; /* the outermost pseudo frame */
  r->ip[r->n] = _Unwind_GetIP(ctx);
  r->cfa[r->n++] = _Unwind_GetCFA(ctx);
  return _URC_NO_REASON;
}

static ffs_side raising_side(uint64_t cls) {
  if (cls == CXX_CLASS || cls == CXX_DEP_CLASS) return FFS_SIDE_CXX;
  return cls == RUST_CLASS ? FFS_SIDE_RUST : FFS_SIDE_UNKNOWN;
}

/* Side of a frame of the user's code, UNKNOWN for system libraries. */
static ffs_side user_side(uintptr_t ip) {
  if (ffs_pc_in_runtime(ip)) return FFS_SIDE_UNKNOWN;
  ffs_frame_info f;
  ffs_enter_runtime();
  ffs_symbolize(ip - 1, &f, 1);
  ffs_leave_runtime();
  return ffs_module_is_system(f.module) ? FFS_SIDE_UNKNOWN : ffs_boundary_side(ip - 1);
}

/* Sides are looked up before the report starts (lookups are off inside it). */
static void report(const raise_state *r, ffs_side from, ffs_side through, uintptr_t handler_ip) {
  ffs_side handler_side = handler_ip ? user_side(handler_ip) : FFS_SIDE_UNKNOWN;
  if (!ffs_report_begin()) return;
  uint32_t stack = ffs_depot_put(r->ip, r->n);
  ffs_report_printf("==%d==ERROR: FFISan: unwind-across-boundary: %s %s unwinds through a %s "
                    "frame in thread T%u\n", ffs_getpid(), ffs_side_name(from),
                    from == FFS_SIDE_RUST ? "panic" : "exception", ffs_side_name(through),
                    ffs_current_tid());
  ffs_report_stack(stack);
  if (handler_ip) {
    ffs_frame_info h;
    ffs_symbolize(handler_ip - 1, &h, 1);
    ffs_report_printf("the exception is caught in %s code: %s %s:%d\n",
                      ffs_side_name(handler_side), h.function ? h.function : "??",
                      h.file ? h.file : "??", h.line);
  } else {
    ffs_report_printf("no frame catches it: the program will terminate\n");
  }
  ffs_report_summary("unwind-across-boundary", stack);
  ffs_report_end(true);
}

/* Frames strictly below the handler (CFA < handler_cfa) get unwound. */
static void check(raise_state *r, uintptr_t handler_cfa, uintptr_t handler_ip) {
  if (r->checked) return;
  r->checked = true;
  ffs_side from = raising_side(r->exc->exception_class);
  if (from == FFS_SIDE_UNKNOWN) return;
  for (int i = 0; i < r->n && r->cfa[i] < handler_cfa; i++) {
    ffs_side s = user_side(r->ip[i]);
    if (s != FFS_SIDE_UNKNOWN && (s == FFS_SIDE_RUST) != (from == FFS_SIDE_RUST)) {
      report(r, from, s, handler_ip);
      return;
    }
  }
}

FFS_INTERFACE _Unwind_Reason_Code _Unwind_RaiseException(struct _Unwind_Exception *exc) {
  static void *real_raise, *real_backtrace;
  raise_fn raise = (raise_fn)next_symbol(&real_raise, "_Unwind_RaiseException");
  backtrace_fn walk = (backtrace_fn)next_symbol(&real_backtrace, "_Unwind_Backtrace");
  if (!raise) return _URC_FATAL_PHASE1_ERROR;
  raise_state *r = &raising;
  r->exc = exc;
  r->n = 0;
  r->checked = false;
  if (walk) walk(collect, r);
  _Unwind_Reason_Code rc = raise(exc); /* returns only when nothing catches */
  if (rc == _URC_END_OF_STACK && r->exc == exc) check(r, UINTPTR_MAX, 0);
  return rc;
}

FFS_INTERFACE _Unwind_Reason_Code __gxx_personality_v0(int version, _Unwind_Action actions,
                                                       uint64_t cls, struct _Unwind_Exception *exc,
                                                       struct _Unwind_Context *ctx) {
  static void *real_personality;
  personality_fn p = (personality_fn)next_symbol(&real_personality, "__gxx_personality_v0");
  if (!p) return _URC_FATAL_PHASE1_ERROR;
  _Unwind_Reason_Code rc = p(version, actions, cls, exc, ctx);
  if ((actions & _UA_SEARCH_PHASE) && rc == _URC_HANDLER_FOUND && exc == raising.exc)
    check(&raising, _Unwind_GetCFA(ctx), _Unwind_GetIP(ctx));
  return rc;
}
