/* memory.c — checks for memory accesses: loads, stores, atomicrmw and
 * cmpxchg (as writes) get an inline shadow check (checks.c) when they are 1,
 * 2, 4, 8 or 16 bytes and aligned enough to stay in one granule (two for 16
 * bytes), else a __ffisan_check_range call; llvm.memcpy/memmove/memset check
 * their source (read) and destination (write) ranges. Accesses proven safe
 * (escape.c), in other address spaces, or marked !nosanitize are skipped. */
#include "ffisan_pass.h"

typedef struct {
  LLVMValueRef ptr;
  uint64_t size;
  unsigned align;
  int is_write;
} access;

static LLVMTypeRef accessed_type(LLVMValueRef i, access *a) {
  switch (LLVMGetInstructionOpcode(i)) {
  case LLVMLoad:
    a->ptr = LLVMGetOperand(i, 0);
    a->is_write = 0;
    return LLVMTypeOf(i);
  case LLVMStore:
    a->ptr = LLVMGetOperand(i, 1);
    a->is_write = 1;
    return LLVMTypeOf(LLVMGetOperand(i, 0));
  case LLVMAtomicRMW:
  case LLVMAtomicCmpXchg:
    a->ptr = LLVMGetOperand(i, 0);
    a->is_write = 1;
    return LLVMTypeOf(LLVMGetOperand(i, 1));
  default:
    return NULL;
  }
}

static int in_default_address_space(LLVMValueRef ptr) {
  LLVMTypeRef ty = LLVMTypeOf(ptr);
  return LLVMGetTypeKind(ty) == LLVMPointerTypeKind &&
         LLVMGetPointerAddressSpace(ty) == 0;
}

/* Fills `a` for a load/store/atomic; 0 for anything else or an access the
 * pass cannot size (scalable vectors, unsized types). */
static int describe(fp_module *m, LLVMValueRef i, access *a) {
  LLVMTypeRef ty = accessed_type(i, a);
  if (!ty || !LLVMTypeIsSized(ty) ||
      LLVMGetTypeKind(ty) == LLVMScalableVectorTypeKind)
    return 0;
  if (!in_default_address_space(a->ptr))
    return 0;
  a->size = LLVMStoreSizeOfType(m->td, ty);
  a->align = LLVMGetAlignment(i);
  return a->size > 0;
}

static int fast_path_ok(uint64_t size, unsigned align) {
  switch (size) {
  case 1:
    return 1;
  case 2:
  case 4:
  case 8:
    return align >= size;
  case 16:
    return align >= 8;
  default:
    return 0;
  }
}

static void check_range(fp_function *f, LLVMValueRef at, LLVMValueRef ptr,
                        LLVMValueRef len, int is_write) {
  fp_module *m = f->m;
  LLVMTypeRef params[3] = {m->i64, m->i64, m->i32};
  LLVMValueRef fn = fp_runtime_fn(m, FP_PREFIX "check_range", m->void_ty,
                                  params, 3);
  LLVMPositionBuilderBefore(m->b, at);
  fp_set_loc(f, at);
  LLVMValueRef args[3] = {
      LLVMBuildPtrToInt(m->b, ptr, m->i64, ""),
      LLVMBuildZExtOrBitCast(m->b, len, m->i64, ""),
      LLVMConstInt(m->i32, (unsigned)is_write, 0),
  };
  fp_call(m, fn, args, 3);
}

/* The inline check of `size` bytes (a helper size) at ptr + offset. */
static void check_inline(fp_function *f, LLVMValueRef at, LLVMValueRef ptr, uint64_t offset,
                         unsigned size, int is_write) {
  fp_module *m = f->m;
  LLVMValueRef helper = fp_check_helper(m, is_write, size);
  LLVMPositionBuilderBefore(m->b, at);
  fp_set_loc(f, at);
  if (offset) {
    LLVMValueRef idx = fp_i64(m, offset);
    ptr = LLVMBuildGEP2(m->b, m->i8, ptr, &idx, 1, "");
  }
  fp_call(m, helper, &ptr, 1);
}

static void check_access(fp_function *f, LLVMValueRef at, const access *a) {
  fp_module *m = f->m;
  if (fp_access_is_safe(f, a->ptr, a->size))
    return;
  if (fast_path_ok(a->size, a->align)) {
    check_inline(f, at, a->ptr, 0, (unsigned)a->size, a->is_write);
    return;
  }
  /* Misaligned 2..16 bytes: first and last byte inline, as ASan does. Exact
   * because every poisoned gap between blocks is at least 16 bytes wide. */
  if (a->size <= 16) {
    check_inline(f, at, a->ptr, 0, 1, a->is_write);
    check_inline(f, at, a->ptr, a->size - 1, 1, a->is_write);
    return;
  }
  check_range(f, at, a->ptr, fp_i64(m, a->size), a->is_write);
}

/* One side of a memory intrinsic; a constant length lets safe or empty
 * ranges go unchecked. */
static void check_mem_operand(fp_function *f, LLVMValueRef call,
                              unsigned op, int is_write) {
  LLVMValueRef ptr = LLVMGetOperand(call, op);
  LLVMValueRef len = LLVMGetOperand(call, 2);
  if (!in_default_address_space(ptr))
    return;
  if (LLVMIsAConstantInt(len)) {
    uint64_t n = LLVMConstIntGetZExtValue(len);
    if (n == 0 || fp_access_is_safe(f, ptr, n))
      return;
  }
  check_range(f, call, ptr, len, is_write);
}

static void instrument_one(fp_function *f, LLVMValueRef i) {
  access a;
  enum fp_mem_kind mk = fp_mem_intrinsic(i);
  if (mk != FP_MEM_NONE) {
    check_mem_operand(f, i, 0, 1);
    if (mk == FP_MEM_TRANSFER)
      check_mem_operand(f, i, 1, 0);
    return;
  }
  if (describe(f->m, i, &a))
    check_access(f, i, &a);
}

static int wants_check(fp_module *m, unsigned nosan, LLVMValueRef i) {
  if (LLVMGetMetadata(i, nosan))
    return 0;
  if (fp_mem_intrinsic(i) != FP_MEM_NONE)
    return 1;
  access a;
  return describe(m, i, &a);
}

/* Accesses already checked in the current basic block since its last call
 * (ASan's same-address optimisation): a second access to the same pointer
 * of no larger size needs no check. A checked write covers a later read,
 * not the reverse (memory lent read-only is readable but not writable). */
#define SEEN_MAX 32
typedef struct {
  int n;
  struct { LLVMValueRef ptr; uint64_t size; int is_write; } v[SEEN_MAX];
} seen_set;

static int already_checked(seen_set *seen, fp_module *m, LLVMValueRef i) {
  access a;
  if (fp_mem_intrinsic(i) != FP_MEM_NONE || !describe(m, i, &a)) return 0;
  for (int k = 0; k < seen->n; k++)
    if (seen->v[k].ptr == a.ptr && seen->v[k].size >= a.size &&
        (seen->v[k].is_write || !a.is_write))
      return 1;
  if (seen->n < SEEN_MAX) {
    seen->v[seen->n].ptr = a.ptr;
    seen->v[seen->n].size = a.size;
    seen->v[seen->n++].is_write = a.is_write;
  }
  return 0;
}

void fp_instrument_memory(fp_function *f) {
  unsigned nosan = LLVMGetMDKindIDInContext(f->m->ctx, "nosanitize", 10);
  fp_values todo = {0};
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f->fn); bb;
       bb = LLVMGetNextBasicBlock(bb)) {
    seen_set seen = {0};
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
         i = LLVMGetNextInstruction(i)) {
      if (LLVMIsACallInst(i) || LLVMIsAInvokeInst(i)) seen.n = 0; /* may free */
      if (wants_check(f->m, nosan, i) && !already_checked(&seen, f->m, i))
        fp_values_push(&todo, i);
    }
  }
  for (size_t k = 0; k < todo.n; k++)
    instrument_one(f, todo.v[k]);
  fp_values_free(&todo);
}
