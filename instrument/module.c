/* module.c — the pass entry point: decides which functions to instrument,
 * runs the per-function steps in order, then redzones globals and emits the
 * module constructor. Idempotent: done functions carry "ffisan-done",
 * redzoned globals !ffisan.redzone, and the constructor is made once. The
 * runtime's own module (it defines __ffisan_init) is left alone. */
#include "ffisan_pass.h"

#include <string.h>

static int is_runtime_module(LLVMModuleRef mod) {
  LLVMValueRef init = LLVMGetNamedFunction(mod, FP_PREFIX "init");
  return init && !LLVMIsDeclaration(init);
}

static int should_instrument(LLVMValueRef fn) {
  if (LLVMIsDeclaration(fn) || fp_has_prefix(fn, FP_PREFIX) ||
      LLVMGetLinkage(fn) == LLVMAvailableExternallyLinkage)
    return 0;
  return !fp_has_fn_attr(fn, FP_DONE_ATTR) &&
         !fp_has_fn_attr(fn, "disable_sanitizer_instrumentation") &&
         !fp_has_fn_attr(fn, "naked");
}

/* Marks `fn` done. Its memory(...) attribute no longer holds: the inserted
 * calls read the shadow and enter the runtime. */
static void mark_done(fp_module *m, LLVMValueRef fn) {
  LLVMAttributeIndex idx = (LLVMAttributeIndex)LLVMAttributeFunctionIndex;
  LLVMRemoveEnumAttributeAtIndex(fn, idx,
                                 LLVMGetEnumAttributeKindForName("memory", 6));
  LLVMAddAttributeAtIndex(fn, idx,
                          LLVMCreateStringAttribute(m->ctx, FP_DONE_ATTR,
                                                    (unsigned)strlen(FP_DONE_ATTR),
                                                    "", 0));
}

static LLVMMetadataRef entry_location(fp_module *m, LLVMValueRef fn) {
  LLVMMetadataRef sp = LLVMGetSubprogram(fn);
  if (!sp)
    return NULL;
  return LLVMDIBuilderCreateDebugLocation(m->ctx, LLVMDISubprogramGetLine(sp),
                                          0, sp, NULL);
}

/* Exits of the frame, and whether it calls setjmp-like functions. */
static void scan_function(fp_function *f) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f->fn); bb;
       bb = LLVMGetNextBasicBlock(bb)) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bb);
    if (t && (LLVMIsAReturnInst(t) || LLVMIsAResumeInst(t)))
      fp_values_push(&f->exits, t);
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && !f->returns_twice;
         i = LLVMGetNextInstruction(i))
      f->returns_twice = fp_is_call(i) && fp_call_has_fn_attr(i, "returns_twice");
  }
}

static void instrument_function(fp_module *m, LLVMValueRef fn) {
  fp_function f = {.m = m, .fn = fn, .entry_loc = entry_location(m, fn)};
  scan_function(&f);
  fp_find_escaping_allocas(&f);
  fp_instrument_func_entry(&f);
  fp_instrument_memory(&f);
  fp_instrument_calls(&f);
  fp_instrument_stack(&f);
  fp_instrument_func_exits(&f);
  mark_done(m, fn);
  fp_values_free(&f.exits);
  fp_values_free(&f.escaping);
}

static void init_module(fp_module *m, LLVMModuleRef mod) {
  m->mod = mod;
  m->ctx = LLVMGetModuleContext(mod);
  m->td = LLVMGetModuleDataLayout(mod);
  m->b = LLVMCreateBuilderInContext(m->ctx);
  m->void_ty = LLVMVoidTypeInContext(m->ctx);
  m->i8 = LLVMInt8TypeInContext(m->ctx);
  m->i16 = LLVMInt16TypeInContext(m->ctx);
  m->i32 = LLVMInt32TypeInContext(m->ctx);
  m->i64 = LLVMInt64TypeInContext(m->ctx);
  m->ptr = LLVMPointerTypeInContext(m->ctx, 0);
}

int ffisan_instrument_module(LLVMModuleRef mod) {
  if (is_runtime_module(mod))
    return 0;
  fp_module m;
  init_module(&m, mod);
  fp_values todo = {0};
  for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn;
       fn = LLVMGetNextFunction(fn))
    if (should_instrument(fn))
      fp_values_push(&todo, fn);
  for (size_t i = 0; i < todo.n; i++)
    instrument_function(&m, todo.v[i]);
  int had_ctor = LLVMGetNamedFunction(mod, FP_CTOR_NAME) != NULL;
  size_t n_globals = 0;
  LLVMValueRef globals = fp_instrument_globals(&m, &n_globals);
  fp_emit_ctor(&m, globals, n_globals);
  int changed = todo.n || n_globals || !had_ctor;
  fp_values_free(&todo);
  LLVMDisposeBuilder(m.b);
  return changed;
}
