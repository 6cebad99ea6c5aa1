/* ctor.c — the module constructor (llvm.global_ctors, priority 1): checks
 * that a runtime of ABI version 1 is there (the weak __ffisan_version_1 is
 * non-null; else it prints why and aborts), calls __ffisan_init and
 * __ffisan_version_1, and registers the module's redzoned globals; a
 * destructor (llvm.global_dtors, priority 1) unregisters them when the
 * module is unloaded. One constructor per module: a module that already has
 * one only gets another when a later run found new globals. */
#include "ffisan_pass.h"

#include <stdlib.h>
#include <string.h>

static const char no_runtime_msg[] =
    "FFISan: this program contains code instrumented by ffisan, but "
    "libffisan.so (ABI version 1) is not loaded: link it (scripts/ffisan-cc, "
    "scripts/ffisan-rustc) or run the program under scripts/ffisan-run\n";

#define CTOR_PRIORITY 1

/* Appends {priority, fn, null} to the appending array `name`. */
static void append_to_structors(fp_module *m, const char *name,
                                LLVMValueRef fn) {
  LLVMTypeRef fields[3] = {m->i32, m->ptr, m->ptr};
  LLVMTypeRef ety = LLVMStructTypeInContext(m->ctx, fields, 3, 0);
  LLVMValueRef old = LLVMGetNamedGlobal(m->mod, name);
  uint64_t n = old ? LLVMGetArrayLength2(LLVMGlobalGetValueType(old)) : 0;
  LLVMValueRef *elems = malloc((n + 1) * sizeof *elems);
  if (!elems)
    abort();
  for (uint64_t i = 0; i < n; i++)
    elems[i] = LLVMGetAggregateElement(LLVMGetInitializer(old), (unsigned)i);
  if (old) {
    ety = LLVMGetElementType(LLVMGlobalGetValueType(old));
    LLVMDeleteGlobal(old);
  }
  LLVMValueRef entry[3] = {LLVMConstInt(m->i32, CTOR_PRIORITY, 0), fn,
                           LLVMConstPointerNull(m->ptr)};
  elems[n] = LLVMConstNamedStruct(ety, entry, 3);
  LLVMValueRef init = LLVMConstArray2(ety, elems, n + 1);
  LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetLinkage(g, LLVMAppendingLinkage);
  free(elems);
}

/* An internal void() function; the builder is left in its entry block. */
static LLVMValueRef new_structor(fp_module *m, const char *name) {
  LLVMTypeRef ty = LLVMFunctionType(m->void_ty, NULL, 0, 0);
  LLVMValueRef fn = LLVMAddFunction(m->mod, name, ty);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  fp_add_fn_attr(m, fn, "nounwind");
  LLVMPositionBuilderAtEnd(m->b, LLVMAppendBasicBlockInContext(m->ctx, fn, ""));
  LLVMSetCurrentDebugLocation2(m->b, NULL);
  return fn;
}

static LLVMValueRef libc_fn(fp_module *m, const char *name, LLVMTypeRef ty) {
  LLVMValueRef fn = LLVMGetNamedFunction(m->mod, name);
  return fn ? fn : LLVMAddFunction(m->mod, name, ty);
}

static LLVMValueRef message(fp_module *m) {
  LLVMValueRef init = LLVMConstStringInContext2(m->ctx, no_runtime_msg,
                                                strlen(no_runtime_msg), 1);
  LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(init), FP_PREFIX "msg");
  LLVMSetInitializer(g, init);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetGlobalConstant(g, 1);
  return g;
}

/* write(2, message) and abort() unless the runtime is loaded; the builder
 * continues on the path where it is. */
static void require_runtime(fp_module *m, LLVMValueRef ctor) {
  LLVMBuilderRef b = m->b;
  LLVMValueRef version =
      fp_runtime_fn(m, FP_PREFIX "version_1", m->void_ty, NULL, 0);
  LLVMBasicBlockRef missing =
      LLVMAppendBasicBlockInContext(m->ctx, ctor, "no_runtime");
  LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(m->ctx, ctor, "");
  LLVMBuildCondBr(b, LLVMBuildIsNull(b, version, ""), missing, ok);

  LLVMPositionBuilderAtEnd(b, missing);
  LLVMTypeRef wparams[3] = {m->i32, m->ptr, m->i64};
  LLVMValueRef wfn =
      libc_fn(m, "write", LLVMFunctionType(m->i64, wparams, 3, 0));
  LLVMValueRef args[3] = {LLVMConstInt(m->i32, 2, 0), message(m),
                          fp_i64(m, strlen(no_runtime_msg))};
  fp_call(m, wfn, args, 3);
  fp_call(m, libc_fn(m, "abort", LLVMFunctionType(m->void_ty, NULL, 0, 0)),
          NULL, 0);
  LLVMBuildUnreachable(b);
  LLVMPositionBuilderAtEnd(b, ok);
}

static void call_void(fp_module *m, const char *name) {
  fp_call(m, fp_runtime_fn(m, name, m->void_ty, NULL, 0), NULL, 0);
}

static void call_globals(fp_module *m, const char *name, LLVMValueRef globals,
                         size_t n) {
  LLVMTypeRef params[2] = {m->ptr, m->i64};
  LLVMValueRef fn = fp_runtime_fn(m, name, m->void_ty, params, 2);
  LLVMValueRef args[2] = {globals, fp_i64(m, n)};
  fp_call(m, fn, args, 2);
}

void fp_emit_ctor(fp_module *m, LLVMValueRef globals, size_t n) {
  if (LLVMGetNamedFunction(m->mod, FP_CTOR_NAME) && !n)
    return;
  LLVMValueRef ctor = new_structor(m, FP_CTOR_NAME);
  require_runtime(m, ctor);
  call_void(m, FP_PREFIX "init");
  call_void(m, FP_PREFIX "version_1");
  if (n)
    call_globals(m, FP_PREFIX "register_globals", globals, n);
  LLVMBuildRetVoid(m->b);
  append_to_structors(m, "llvm.global_ctors", ctor);
  if (!n)
    return;
  LLVMValueRef dtor = new_structor(m, FP_DTOR_NAME);
  call_globals(m, FP_PREFIX "unregister_globals", globals, n);
  LLVMBuildRetVoid(m->b);
  append_to_structors(m, "llvm.global_dtors", dtor);
}
