/* escape.c — which stack objects escape, and which accesses are obviously
 * safe. A static alloca escapes when its address (directly or through GEP,
 * select and phi chains) is passed to a call, stored as a value, returned,
 * converted to an integer, or used in any way this file does not know.
 * An access is safe when it reaches a non-escaping static alloca or a
 * defined global at a constant offset that stays inside the object. */
#include "ffisan_pass.h"

#define MAX_GEP_DEPTH 16

int fp_is_static_alloca(LLVMValueRef inst) {
  if (!LLVMIsAAllocaInst(inst))
    return 0;
  LLVMBasicBlockRef bb = LLVMGetInstructionParent(inst);
  if (bb != LLVMGetEntryBasicBlock(LLVMGetBasicBlockParent(bb)))
    return 0;
  return LLVMIsAConstantInt(LLVMGetOperand(inst, 0)) &&
         LLVMTypeIsSized(LLVMGetAllocatedType(inst));
}

static int escapes(LLVMValueRef v, fp_values *seen);

/* A pointer derived from the object (GEP, select, phi) escapes when any of
 * its own uses does; `seen` stops phi cycles. */
static int derived_escapes(LLVMValueRef user, fp_values *seen) {
  if (fp_values_has(seen, user))
    return 0;
  fp_values_push(seen, user);
  return escapes(user, seen);
}

static int call_use_escapes(LLVMValueRef call) {
  return !fp_is_lifetime(call) && fp_mem_intrinsic(call) == FP_MEM_NONE;
}

static int use_escapes(LLVMValueRef v, LLVMValueRef user, fp_values *seen) {
  if (!LLVMIsAInstruction(user))
    return 1;
  switch (LLVMGetInstructionOpcode(user)) {
  case LLVMLoad:
  case LLVMICmp:
    return 0;
  case LLVMStore:
    return LLVMGetOperand(user, 0) == v;
  case LLVMAtomicRMW:
    return LLVMGetOperand(user, 1) == v;
  case LLVMAtomicCmpXchg:
    return LLVMGetOperand(user, 1) == v || LLVMGetOperand(user, 2) == v;
  case LLVMGetElementPtr:
  case LLVMSelect:
  case LLVMPHI:
    return derived_escapes(user, seen);
  case LLVMCall:
    return call_use_escapes(user);
  default:
    return 1;
  }
}

static int escapes(LLVMValueRef v, fp_values *seen) {
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u))
    if (use_escapes(v, LLVMGetUser(u), seen))
      return 1;
  return 0;
}

void fp_find_escaping_allocas(fp_function *f) {
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(f->fn);
  for (LLVMValueRef i = LLVMGetFirstInstruction(entry); i;
       i = LLVMGetNextInstruction(i)) {
    if (!fp_is_static_alloca(i))
      continue;
    fp_values seen = {0};
    if (escapes(i, &seen))
      fp_values_push(&f->escaping, i);
    fp_values_free(&seen);
  }
}

static int is_gep(LLVMValueRef v) {
  return LLVMIsAGetElementPtrInst(v) ||
         (LLVMIsAConstantExpr(v) && LLVMGetConstOpcode(v) == LLVMGetElementPtr);
}

/* Adds one constant GEP index step to *off; returns 0 when the index is not
 * a small constant or the type is not a struct or array. */
static int gep_step(fp_module *m, LLVMTypeRef *ty, LLVMValueRef idx,
                    int64_t *off) {
  if (!LLVMIsAConstantInt(idx))
    return 0;
  long long k = LLVMConstIntGetSExtValue(idx);
  if (k < -(1LL << 31) || k > (1LL << 31))
    return 0;
  if (LLVMGetTypeKind(*ty) == LLVMStructTypeKind) {
    *off += (int64_t)LLVMOffsetOfElement(m->td, *ty, (unsigned)k);
    *ty = LLVMStructGetTypeAtIndex(*ty, (unsigned)k);
    return 1;
  }
  if (LLVMGetTypeKind(*ty) != LLVMArrayTypeKind)
    return 0;
  *ty = LLVMGetElementType(*ty);
  *off += k * (int64_t)LLVMABISizeOfType(m->td, *ty);
  return 1;
}

static int gep_offset(fp_module *m, LLVMValueRef gep, int64_t *off) {
  LLVMTypeRef ty = LLVMGetGEPSourceElementType(gep);
  unsigned n = LLVMGetNumIndices(gep);
  if (n == 0 || !LLVMTypeIsSized(ty))
    return n == 0;
  LLVMValueRef first = LLVMGetOperand(gep, 1);
  if (!LLVMIsAConstantInt(first))
    return 0;
  long long k = LLVMConstIntGetSExtValue(first);
  if (k < -(1LL << 31) || k > (1LL << 31))
    return 0;
  *off += k * (int64_t)LLVMABISizeOfType(m->td, ty);
  for (unsigned i = 1; i < n; i++)
    if (!gep_step(m, &ty, LLVMGetOperand(gep, i + 1), off))
      return 0;
  return 1;
}

/* The object `ptr` points into and the constant offset, or NULL. */
static LLVMValueRef strip_constant_offsets(fp_module *m, LLVMValueRef ptr,
                                           int64_t *off) {
  *off = 0;
  for (int depth = 0; is_gep(ptr); depth++) {
    if (depth == MAX_GEP_DEPTH || !gep_offset(m, ptr, off))
      return NULL;
    ptr = LLVMGetOperand(ptr, 0);
  }
  return ptr;
}

static int is_plain_defined_global(LLVMValueRef g) {
  if (!LLVMIsAGlobalVariable(g) || LLVMIsDeclaration(g))
    return 0;
  LLVMLinkage l = LLVMGetLinkage(g);
  return l == LLVMExternalLinkage || l == LLVMInternalLinkage ||
         l == LLVMPrivateLinkage;
}

/* Size of the object an access may be proven safe against, 0 if none. */
static uint64_t known_object_size(fp_function *f, LLVMValueRef base) {
  LLVMTargetDataRef td = f->m->td;
  if (fp_is_static_alloca(base) && !fp_values_has(&f->escaping, base)) {
    uint64_t n = LLVMConstIntGetZExtValue(LLVMGetOperand(base, 0));
    return n * LLVMABISizeOfType(td, LLVMGetAllocatedType(base));
  }
  if (is_plain_defined_global(base) &&
      LLVMTypeIsSized(LLVMGlobalGetValueType(base)))
    return LLVMABISizeOfType(td, LLVMGlobalGetValueType(base));
  return 0;
}

int fp_access_is_safe(fp_function *f, LLVMValueRef ptr, uint64_t size) {
  int64_t off;
  LLVMValueRef base = strip_constant_offsets(f->m, ptr, &off);
  if (!base || off < 0)
    return 0;
  uint64_t obj = known_object_size(f, base);
  return (uint64_t)off + size <= obj;
}
