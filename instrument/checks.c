/* checks.c — the inline shadow checks. LLVM-C cannot split blocks, so each
 * module gets `internal alwaysinline` helpers __ffisan_check_{load,store}N
 * (N = 1, 2, 4, 8, 16) holding the fast path of include/ffisan_rt.h and a
 * cold call to __ffisan_report_{load,store}N; AlwaysInlinerPass, run right
 * after the pass, inlines them into every instrumented access:
 *
 *   s = *(int8_t *)((a >> 3) + OFFSET)             (int16 for N = 16)
 *   if (s != 0 && (N >= 8 || (int8_t)((a & 7) + N - 1) >= s)) report(a) */
#include "ffisan_pass.h"

#include <stdio.h>
#include <string.h>

static void set_unlikely(fp_module *m, LLVMValueRef br) {
  LLVMMetadataRef ops[3] = {
      LLVMMDStringInContext2(m->ctx, "branch_weights", 14),
      LLVMValueAsMetadata(LLVMConstInt(m->i32, 1, 0)),
      LLVMValueAsMetadata(LLVMConstInt(m->i32, 1048575, 0)),
  };
  unsigned kind = LLVMGetMDKindIDInContext(m->ctx, "prof", 4);
  LLVMValueRef md =
      LLVMMetadataAsValue(m->ctx, LLVMMDNodeInContext2(m->ctx, ops, 3));
  LLVMSetMetadata(br, kind, md);
}

static LLVMValueRef report_fn(fp_module *m, int is_write, unsigned size) {
  char name[40];
  snprintf(name, sizeof name, FP_PREFIX "report_%s%u",
           is_write ? "store" : "load", size);
  LLVMValueRef fn = fp_runtime_fn(m, name, m->void_ty, &m->i64, 1);
  fp_add_fn_attr(m, fn, "cold");
  return fn;
}

/* Loads the shadow of `addr` (an i64): one byte, two for 16-byte accesses. */
static LLVMValueRef load_shadow(fp_module *m, LLVMValueRef addr,
                                unsigned size) {
  LLVMBuilderRef b = m->b;
  LLVMValueRef s = LLVMBuildLShr(b, addr, fp_i64(m, FP_SHADOW_SCALE), "");
  s = LLVMBuildAdd(b, s, fp_i64(m, FP_SHADOW_OFFSET), "");
  s = LLVMBuildIntToPtr(b, s, m->ptr, "");
  LLVMValueRef v = LLVMBuildLoad2(b, size == 16 ? m->i16 : m->i8, s, "shadow");
  LLVMSetAlignment(v, 1);
  return v;
}

/* Partial granule: the last byte touched, (a & 7) + size - 1, must lie
 * below the shadow value. */
static LLVMValueRef partial_bad(fp_module *m, LLVMValueRef addr,
                                LLVMValueRef shadow, unsigned size) {
  LLVMBuilderRef b = m->b;
  LLVMValueRef low = LLVMBuildAnd(b, addr, fp_i64(m, 7), "");
  low = LLVMBuildTrunc(b, low, m->i8, "");
  LLVMValueRef last = LLVMBuildAdd(b, low, LLVMConstInt(m->i8, size - 1, 0), "");
  return LLVMBuildICmp(b, LLVMIntSGE, last, shadow, "");
}

static void build_helper_body(fp_module *m, LLVMValueRef fn, int is_write,
                              unsigned size) {
  LLVMBuilderRef b = m->b;
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(m->ctx, fn, "");
  LLVMBasicBlockRef report = LLVMAppendBasicBlockInContext(m->ctx, fn, "bad");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(m->ctx, fn, "ok");
  LLVMBasicBlockRef partial =
      size < 8 ? LLVMInsertBasicBlockInContext(m->ctx, report, "partial")
               : report;
  LLVMSetCurrentDebugLocation2(b, NULL);

  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef addr = LLVMBuildPtrToInt(b, LLVMGetParam(fn, 0), m->i64, "");
  LLVMValueRef shadow = load_shadow(m, addr, size);
  LLVMValueRef nz = LLVMBuildICmp(b, LLVMIntNE, shadow,
                                  LLVMConstNull(LLVMTypeOf(shadow)), "");
  set_unlikely(m, LLVMBuildCondBr(b, nz, partial, done));

  if (partial != report) {
    LLVMPositionBuilderAtEnd(b, partial);
    LLVMBuildCondBr(b, partial_bad(m, addr, shadow, size), report, done);
  }

  LLVMPositionBuilderAtEnd(b, report);
  fp_call(m, report_fn(m, is_write, size), &addr, 1);
  LLVMBuildBr(b, done);

  LLVMPositionBuilderAtEnd(b, done);
  LLVMBuildRetVoid(b);
}

/* The helper checking a `size`-byte load or store, created once per module.
 * Creating it moves the builder: get helpers before positioning it. */
LLVMValueRef fp_check_helper(fp_module *m, int is_write, unsigned size) {
  char name[40];
  snprintf(name, sizeof name, FP_PREFIX "check_%s%u",
           is_write ? "store" : "load", size);
  LLVMValueRef fn = LLVMGetNamedFunction(m->mod, name);
  if (fn && !LLVMIsDeclaration(fn))
    return fn;
  LLVMTypeRef ty = LLVMFunctionType(m->void_ty, &m->ptr, 1, 0);
  fn = LLVMAddFunction(m->mod, name, ty);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  fp_add_fn_attr(m, fn, "alwaysinline");
  fp_add_fn_attr(m, fn, "nounwind");
  build_helper_body(m, fn, is_write, size);
  return fn;
}
