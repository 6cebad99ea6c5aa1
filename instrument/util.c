/* util.c — small helpers shared by the pass: value arrays, attribute and
 * name tests, runtime declarations, calls, debug locations and insertion
 * points. */
#include "ffisan_pass.h"

#include <stdlib.h>
#include <string.h>

void fp_values_push(fp_values *vs, LLVMValueRef v) {
  if (vs->n == vs->cap) {
    size_t cap = vs->cap ? vs->cap * 2 : 16;
    LLVMValueRef *nv = realloc(vs->v, cap * sizeof *nv);
    if (!nv)
      abort();
    vs->v = nv;
    vs->cap = cap;
  }
  vs->v[vs->n++] = v;
}

int fp_values_has(const fp_values *vs, LLVMValueRef v) {
  for (size_t i = 0; i < vs->n; i++)
    if (vs->v[i] == v)
      return 1;
  return 0;
}

void fp_values_free(fp_values *vs) {
  free(vs->v);
  vs->v = NULL;
  vs->n = vs->cap = 0;
}

/* Moves the name of `from` to `to` (which must not have one yet). */
void fp_take_name(LLVMValueRef to, LLVMValueRef from) {
  size_t len = 0;
  const char *old = LLVMGetValueName2(from, &len);
  char *name = malloc(len + 1);
  if (!name)
    abort();
  memcpy(name, old, len);
  name[len] = 0;
  LLVMSetValueName2(from, "", 0);
  LLVMSetValueName2(to, name, len);
  free(name);
}

int fp_has_prefix(LLVMValueRef v, const char *prefix) {
  size_t len = 0;
  const char *name = LLVMGetValueName2(v, &len);
  size_t plen = strlen(prefix);
  return name && len >= plen && memcmp(name, prefix, plen) == 0;
}

/* Enum attributes are looked up by kind, anything else as a string
 * attribute ("ffisan-done"). */
static int attr_at(LLVMValueRef fn_or_call, int is_call, const char *name) {
  unsigned len = (unsigned)strlen(name);
  unsigned kind = LLVMGetEnumAttributeKindForName(name, len);
  LLVMAttributeIndex idx = (LLVMAttributeIndex)LLVMAttributeFunctionIndex;
  if (is_call)
    return kind && LLVMGetCallSiteEnumAttribute(fn_or_call, idx, kind);
  if (kind)
    return LLVMGetEnumAttributeAtIndex(fn_or_call, idx, kind) != NULL;
  return LLVMGetStringAttributeAtIndex(fn_or_call, idx, name, len) != NULL;
}

int fp_has_fn_attr(LLVMValueRef fn, const char *name) {
  return attr_at(fn, 0, name);
}

int fp_call_has_fn_attr(LLVMValueRef call, const char *name) {
  LLVMValueRef callee = fp_called_function(call);
  return attr_at(call, 1, name) || (callee && attr_at(callee, 0, name));
}

void fp_add_fn_attr(fp_module *m, LLVMValueRef fn, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAttributeRef a = LLVMCreateEnumAttribute(m->ctx, kind, 0);
  LLVMAddAttributeAtIndex(fn, (LLVMAttributeIndex)LLVMAttributeFunctionIndex,
                          a);
}

/* Declares (once per module) a runtime function. Runtime entry points never
 * unwind: a report either returns or ends the process. The reference is
 * weak, so instrumented objects also link into programs whose link line
 * lacks -lffisan (`CC=ffisan-cc cargo build`) and get the runtime from
 * ffisan-run's LD_PRELOAD; the module constructor stops the program with a
 * message when no runtime is there (ctor.c). */
LLVMValueRef fp_runtime_fn(fp_module *m, const char *name, LLVMTypeRef ret,
                           LLVMTypeRef *params, unsigned n) {
  LLVMValueRef fn = LLVMGetNamedFunction(m->mod, name);
  if (fn)
    return fn;
  fn = LLVMAddFunction(m->mod, name, LLVMFunctionType(ret, params, n, 0));
  LLVMSetLinkage(fn, LLVMExternalWeakLinkage);
  fp_add_fn_attr(m, fn, "nounwind");
  return fn;
}

LLVMValueRef fp_call(fp_module *m, LLVMValueRef fn, LLVMValueRef *args,
                     unsigned n) {
  return LLVMBuildCall2(m->b, LLVMGlobalGetValueType(fn), fn, args, n, "");
}

LLVMValueRef fp_i64(fp_module *m, uint64_t v) {
  return LLVMConstInt(m->i64, v, 0);
}

/* Inserted code takes the location of the instruction it guards, else the
 * function's entry location, so the module verifies with -g. */
void fp_set_loc(fp_function *f, LLVMValueRef inst) {
  LLVMMetadataRef loc = inst ? LLVMInstructionGetDebugLoc(inst) : NULL;
  LLVMSetCurrentDebugLocation2(f->m->b, loc ? loc : f->entry_loc);
}

/* Code run when the frame ends goes right before the `ret` (or `resume`),
 * or before the musttail call that must immediately precede a `ret`. */
void fp_position_before_exit(fp_function *f, LLVMValueRef exit) {
  LLVMValueRef at = exit;
  LLVMValueRef prev = LLVMGetPreviousInstruction(exit);
  if (prev && LLVMIsABitCastInst(prev))
    prev = LLVMGetPreviousInstruction(prev);
  if (prev && fp_is_musttail(prev))
    at = prev;
  LLVMPositionBuilderBefore(f->m->b, at);
  fp_set_loc(f, exit);
}

/* First instruction of the entry block after its leading allocas. */
LLVMValueRef fp_entry_insert_point(LLVMValueRef fn) {
  LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(fn));
  while (i && LLVMIsAAllocaInst(i))
    i = LLVMGetNextInstruction(i);
  return i;
}

/* The function a call targets directly (through aliases), or NULL. */
LLVMValueRef fp_called_function(LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  for (int depth = 0; callee && LLVMIsAGlobalAlias(callee) && depth < 8;
       depth++)
    callee = LLVMAliasGetAliasee(callee);
  return callee && LLVMIsAFunction(callee) ? callee : NULL;
}

int fp_is_call(LLVMValueRef inst) {
  return LLVMIsACallInst(inst) || LLVMIsAInvokeInst(inst);
}

int fp_is_musttail(LLVMValueRef inst) {
  return LLVMIsACallInst(inst) &&
         LLVMGetTailCallKind(inst) == LLVMTailCallKindMustTail;
}

unsigned fp_intrinsic_id(LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  return callee && LLVMIsAFunction(callee) ? LLVMGetIntrinsicID(callee) : 0;
}

static int callee_has_prefix(LLVMValueRef call, const char *prefix) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  return callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee) &&
         fp_has_prefix(callee, prefix);
}

/* llvm.memcpy/memmove (and .inline / element-wise atomic variants) read
 * operand 1 and write operand 0; llvm.memset writes operand 0. Operand 2 is
 * the length in all of them. */
enum fp_mem_kind fp_mem_intrinsic(LLVMValueRef call) {
  if (!LLVMIsACallInst(call))
    return FP_MEM_NONE;
  if (callee_has_prefix(call, "llvm.memcpy") ||
      callee_has_prefix(call, "llvm.memmove"))
    return FP_MEM_TRANSFER;
  if (callee_has_prefix(call, "llvm.memset"))
    return FP_MEM_SET;
  return FP_MEM_NONE;
}

int fp_is_lifetime(LLVMValueRef call) {
  return LLVMIsACallInst(call) && callee_has_prefix(call, "llvm.lifetime.");
}
