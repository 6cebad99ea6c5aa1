/* boundary.c — boundary-crossing hooks. Externally visible functions call
 * __ffisan_func_enter(fn, llvm.returnaddress(0), ptr_params, n) on entry and
 * __ffisan_func_exit(fn) at every exit (ret, resume). Calls to functions
 * defined elsewhere and indirect calls are wrapped in
 * __ffisan_call_enter(callee, ptr_args, n) / __ffisan_call_exit(callee).
 * The pointer lists share one entry-block array per function, refilled
 * before each hook (NULL, 0 when empty). Not hooked: intrinsics,
 * __ffisan_* functions, inline asm, musttail and returns_twice calls. For an
 * invoke, call_exit goes on a new block on the normal edge; the unwind edge
 * gets none (the runtime drops crossings whose frames were unwound). */
#include "ffisan_pass.h"

#include <string.h>

static int externally_visible(LLVMValueRef fn) {
  LLVMLinkage l = LLVMGetLinkage(fn);
  return l != LLVMInternalLinkage && l != LLVMPrivateLinkage &&
         l != LLVMAvailableExternallyLinkage;
}

static LLVMValueRef hook_fn(fp_module *m, const char *name) {
  return fp_runtime_fn(m, name, m->void_ty, &m->ptr, 1);
}

static int is_hooked_call(LLVMValueRef call) {
  if (!fp_is_call(call) || fp_is_musttail(call))
    return 0;
  if (LLVMIsAInlineAsm(LLVMGetCalledValue(call)) ||
      fp_call_has_fn_attr(call, "returns_twice"))
    return 0;
  LLVMValueRef fn = fp_called_function(call);
  if (!fn)
    return 1; /* indirect */
  return LLVMIsDeclaration(fn) && !LLVMGetIntrinsicID(fn) &&
         !fp_has_prefix(fn, FP_PREFIX);
}

static int is_plain_pointer(LLVMValueRef v) {
  LLVMTypeRef ty = LLVMTypeOf(v);
  return LLVMGetTypeKind(ty) == LLVMPointerTypeKind &&
         LLVMGetPointerAddressSpace(ty) == 0;
}

/* Pointer lists come from a call's arguments or a function's parameters. */
typedef LLVMValueRef (*nth_value)(LLVMValueRef, unsigned);

static unsigned count_pointers(nth_value nth, LLVMValueRef owner,
                               unsigned count) {
  unsigned n = 0;
  for (unsigned i = 0; i < count; i++)
    n += is_plain_pointer(nth(owner, i));
  return n;
}

/* Stores the pointers into `arr` at the builder's position; returns the
 * (ptr_args, n) pair for a hook. */
static uint64_t store_pointers(fp_function *f, nth_value nth,
                               LLVMValueRef owner, unsigned count,
                               LLVMValueRef *list) {
  fp_module *m = f->m;
  uint64_t n = 0;
  for (unsigned i = 0; i < count; i++) {
    LLVMValueRef v = nth(owner, i);
    if (!is_plain_pointer(v))
      continue;
    LLVMValueRef idx = fp_i64(m, n++);
    LLVMBuildStore(m->b, v, LLVMBuildGEP2(m->b, m->ptr, f->args, &idx, 1, ""));
  }
  *list = n ? f->args : LLVMConstPointerNull(m->ptr);
  return n;
}

static unsigned max_call_pointers(LLVMValueRef fn) {
  unsigned max = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
       bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
         i = LLVMGetNextInstruction(i)) {
      if (!is_hooked_call(i))
        continue;
      unsigned n = count_pointers(LLVMGetOperand, i, LLVMGetNumArgOperands(i));
      max = n > max ? n : max;
    }
  return max;
}

/* The function's pointer array: [n x ptr] at the very start of entry, big
 * enough for its pointer parameters and every hooked call's arguments. */
static void make_args_array(fp_function *f) {
  fp_module *m = f->m;
  unsigned n = externally_visible(f->fn)
                   ? count_pointers(LLVMGetParam, f->fn, LLVMCountParams(f->fn))
                   : 0;
  unsigned calls = max_call_pointers(f->fn);
  n = calls > n ? calls : n;
  if (!n)
    return;
  LLVMValueRef first = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f->fn));
  LLVMPositionBuilderBeforeInstrAndDbgRecords(m->b, first);
  LLVMSetCurrentDebugLocation2(m->b, NULL);
  f->args = LLVMBuildAlloca(m->b, LLVMArrayType2(m->ptr, n), "ffisan.args");
  LLVMSetAlignment(f->args, 8);
}

static LLVMValueRef return_address(fp_module *m) {
  const char *name = "llvm.returnaddress";
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(m->mod, id, NULL, 0);
  LLVMValueRef zero = LLVMConstInt(m->i32, 0, 0);
  return fp_call(m, fn, &zero, 1);
}

/* Sets up the pointer array, then (externally visible functions only)
 * calls func_enter after the entry block's allocas. */
void fp_instrument_func_entry(fp_function *f) {
  make_args_array(f);
  if (!externally_visible(f->fn))
    return;
  fp_module *m = f->m;
  LLVMTypeRef params[4] = {m->ptr, m->ptr, m->ptr, m->i64};
  LLVMValueRef hook =
      fp_runtime_fn(m, FP_PREFIX "func_enter", m->void_ty, params, 4);
  LLVMPositionBuilderBefore(m->b, fp_entry_insert_point(f->fn));
  fp_set_loc(f, NULL);
  LLVMValueRef args[4] = {f->fn, return_address(m), NULL, NULL};
  uint64_t n = store_pointers(f, LLVMGetParam, f->fn,
                              LLVMCountParams(f->fn), &args[2]);
  args[3] = fp_i64(m, n);
  fp_call(m, hook, args, 4);
}

void fp_instrument_func_exits(fp_function *f) {
  if (!externally_visible(f->fn))
    return;
  fp_module *m = f->m;
  LLVMValueRef hook = hook_fn(m, FP_PREFIX "func_exit");
  for (size_t i = 0; i < f->exits.n; i++) {
    fp_position_before_exit(f, f->exits.v[i]);
    LLVMValueRef fn = f->fn;
    fp_call(m, hook, &fn, 1);
  }
}

/* Before the call: store its pointer arguments, then call_enter. */
static void emit_call_enter(fp_function *f, LLVMValueRef call) {
  fp_module *m = f->m;
  LLVMTypeRef params[3] = {m->ptr, m->ptr, m->i64};
  LLVMValueRef hook =
      fp_runtime_fn(m, FP_PREFIX "call_enter", m->void_ty, params, 3);
  LLVMPositionBuilderBefore(m->b, call);
  fp_set_loc(f, call);
  LLVMValueRef args[3] = {LLVMGetCalledValue(call), NULL, NULL};
  uint64_t n = store_pointers(f, LLVMGetOperand, call,
                              LLVMGetNumArgOperands(call), &args[1]);
  args[2] = fp_i64(m, n);
  fp_call(m, hook, args, 3);
}

/* PHIs of `to` that named `from` as the predecessor now name `mid`. LLVM-C
 * cannot change an incoming block, so such a PHI is rebuilt. */
static void retarget_phi(fp_module *m, LLVMValueRef phi, LLVMBasicBlockRef from,
                         LLVMBasicBlockRef mid) {
  LLVMPositionBuilderBefore(m->b, phi);
  LLVMSetCurrentDebugLocation2(m->b, LLVMInstructionGetDebugLoc(phi));
  LLVMValueRef nphi = LLVMBuildPhi(m->b, LLVMTypeOf(phi), "");
  unsigned n = LLVMCountIncoming(phi);
  for (unsigned i = 0; i < n; i++) {
    LLVMValueRef v = LLVMGetIncomingValue(phi, i);
    LLVMBasicBlockRef bb = LLVMGetIncomingBlock(phi, i);
    if (bb == from)
      bb = mid;
    LLVMAddIncoming(nphi, &v, &bb, 1);
  }
  LLVMReplaceAllUsesWith(phi, nphi);
  LLVMInstructionEraseFromParent(phi);
}

static void retarget_phis(fp_module *m, LLVMBasicBlockRef to,
                          LLVMBasicBlockRef from, LLVMBasicBlockRef mid) {
  fp_values phis = {0};
  for (LLVMValueRef i = LLVMGetFirstInstruction(to); i && LLVMIsAPHINode(i);
       i = LLVMGetNextInstruction(i))
    fp_values_push(&phis, i);
  for (size_t k = 0; k < phis.n; k++)
    retarget_phi(m, phis.v[k], from, mid);
  fp_values_free(&phis);
}

/* Where code that runs after the call returns normally goes: after a call,
 * or on a new block between an invoke and its normal destination. */
static void position_after_call(fp_function *f, LLVMValueRef call) {
  fp_module *m = f->m;
  if (!LLVMIsAInvokeInst(call)) {
    LLVMPositionBuilderBefore(m->b, LLVMGetNextInstruction(call));
    fp_set_loc(f, call);
    return;
  }
  LLVMBasicBlockRef from = LLVMGetInstructionParent(call);
  LLVMBasicBlockRef to = LLVMGetNormalDest(call);
  LLVMBasicBlockRef mid =
      LLVMInsertBasicBlockInContext(m->ctx, to, "ffisan.cont");
  LLVMPositionBuilderAtEnd(m->b, mid);
  fp_set_loc(f, call);
  LLVMValueRef br = LLVMBuildBr(m->b, to);
  LLVMSetNormalDest(call, mid);
  retarget_phis(m, to, from, mid);
  LLVMPositionBuilderBefore(m->b, br);
  fp_set_loc(f, call);
}

static void emit_call_exit(fp_function *f, LLVMValueRef call) {
  fp_module *m = f->m;
  LLVMValueRef hook = hook_fn(m, FP_PREFIX "call_exit");
  LLVMValueRef callee = LLVMGetCalledValue(call);
  position_after_call(f, call);
  fp_call(m, hook, &callee, 1);
}

void fp_instrument_calls(fp_function *f) {
  fp_values calls = {0};
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f->fn); bb;
       bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
         i = LLVMGetNextInstruction(i))
      if (is_hooked_call(i))
        fp_values_push(&calls, i);
  for (size_t k = 0; k < calls.n; k++) {
    emit_call_enter(f, calls.v[k]);
    emit_call_exit(f, calls.v[k]);
  }
  fp_values_free(&calls);
}
