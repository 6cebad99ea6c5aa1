/* stack.c — escaping stack objects move to the runtime's fake stack: each
 * static alloca whose address escapes (escape.c) becomes a call to
 * __ffisan_stack_alloc(size, align) in its place, and every exit of the
 * frame (ret, resume) calls __ffisan_stack_free(p, size). Debug records that
 * described the alloca now describe the fake-stack pointer (RAUW). Functions
 * that call returns_twice functions (setjmp) keep their real stack. */
#include "ffisan_pass.h"

#define MAX_STACK_ALIGN 4096

/* Lifetime markers may only name allocas; the fake object lives for the
 * whole frame anyway. */
static void drop_lifetime_markers(LLVMValueRef alloca) {
  fp_values dead = {0};
  for (LLVMUseRef u = LLVMGetFirstUse(alloca); u; u = LLVMGetNextUse(u))
    if (fp_is_lifetime(LLVMGetUser(u)))
      fp_values_push(&dead, LLVMGetUser(u));
  for (size_t i = 0; i < dead.n; i++)
    LLVMInstructionEraseFromParent(dead.v[i]);
  fp_values_free(&dead);
}

static void free_at_exits(fp_function *f, LLVMValueRef p, uint64_t size) {
  fp_module *m = f->m;
  LLVMTypeRef params[2] = {m->ptr, m->i64};
  LLVMValueRef fn =
      fp_runtime_fn(m, FP_PREFIX "stack_free", m->void_ty, params, 2);
  for (size_t i = 0; i < f->exits.n; i++) {
    fp_position_before_exit(f, f->exits.v[i]);
    LLVMValueRef args[2] = {p, fp_i64(m, size)};
    fp_call(m, fn, args, 2);
  }
}

static void replace_alloca(fp_function *f, LLVMValueRef alloca) {
  fp_module *m = f->m;
  uint64_t count = LLVMConstIntGetZExtValue(LLVMGetOperand(alloca, 0));
  uint64_t size = count * LLVMABISizeOfType(m->td, LLVMGetAllocatedType(alloca));
  unsigned align = LLVMGetAlignment(alloca);
  if (size == 0 || align > MAX_STACK_ALIGN)
    return;
  LLVMTypeRef params[2] = {m->i64, m->i64};
  LLVMValueRef fn =
      fp_runtime_fn(m, FP_PREFIX "stack_alloc", m->ptr, params, 2);
  drop_lifetime_markers(alloca);
  LLVMPositionBuilderBefore(m->b, alloca);
  fp_set_loc(f, alloca);
  LLVMValueRef args[2] = {fp_i64(m, size), fp_i64(m, align ? align : 1)};
  LLVMValueRef p = fp_call(m, fn, args, 2);
  fp_take_name(p, alloca);
  LLVMReplaceAllUsesWith(alloca, p);
  LLVMInstructionEraseFromParent(alloca);
  free_at_exits(f, p, size);
}

void fp_instrument_stack(fp_function *f) {
  if (f->returns_twice)
    return;
  for (size_t i = 0; i < f->escaping.n; i++)
    replace_alloca(f, f->escaping.v[i]);
}
