/* globals.c — trailing redzones for globals. Each plain data global defined
 * here (not thread_local, not llvm.*, no explicit section, no comdat, linkage
 * external/internal/private, non-zero size) is replaced by a global of type
 * {T, [rz x i8]} with the same name, linkage, visibility, alignment (at least
 * 8), unnamed_addr, constness and metadata; with opaque pointers RAUW keeps
 * every use right. The new globals are listed in an internal array of
 * struct __ffisan_global that the module constructor registers (ctor.c).
 * Redzoned globals carry !ffisan.redzone so a second run skips them. */
#include "ffisan_pass.h"

#include <llvm-c/Comdat.h>
#include <stdlib.h>
#include <string.h>

#define MIN_RZ 32
#define MAX_RZ (1 << 18)

/* ASan's rule: about a quarter of the size, at least 32 bytes, with size +
 * redzone a multiple of 32. */
static uint64_t redzone_size(uint64_t size) {
  uint64_t rz = (size / MIN_RZ / 4) * MIN_RZ;
  rz = rz < MIN_RZ ? MIN_RZ : rz > MAX_RZ ? MAX_RZ : rz;
  if (size % MIN_RZ)
    rz += MIN_RZ - size % MIN_RZ;
  return rz;
}

static int has_global_md(LLVMValueRef g, unsigned kind) {
  size_t n = 0;
  LLVMValueMetadataEntry *mds = LLVMGlobalCopyAllMetadata(g, &n);
  int found = 0;
  for (size_t i = 0; i < n && !found; i++)
    found = LLVMValueMetadataEntriesGetKind(mds, (unsigned)i) == kind;
  if (mds)
    LLVMDisposeValueMetadataEntries(mds);
  return found;
}

static int plain_linkage(LLVMValueRef g) {
  LLVMLinkage l = LLVMGetLinkage(g);
  return l == LLVMExternalLinkage || l == LLVMInternalLinkage ||
         l == LLVMPrivateLinkage;
}

static int sized_nonempty(fp_module *m, LLVMValueRef g) {
  LLVMTypeRef ty = LLVMGlobalGetValueType(g);
  return LLVMTypeIsSized(ty) &&
         LLVMGetTypeKind(ty) != LLVMScalableVectorTypeKind &&
         LLVMABISizeOfType(m->td, ty) > 0;
}

static int eligible(fp_module *m, unsigned rz_kind, LLVMValueRef g) {
  const char *section = LLVMGetSection(g);
  if (LLVMIsDeclaration(g) || LLVMIsThreadLocal(g) ||
      LLVMIsExternallyInitialized(g) || !plain_linkage(g) || LLVMGetComdat(g))
    return 0;
  if ((section && *section) || fp_has_prefix(g, "llvm.") ||
      fp_has_prefix(g, FP_PREFIX))
    return 0;
  if (LLVMGetPointerAddressSpace(LLVMTypeOf(g)) != 0)
    return 0;
  return sized_nonempty(m, g) && !has_global_md(g, rz_kind);
}

static void copy_metadata(LLVMValueRef to, LLVMValueRef from) {
  size_t n = 0;
  LLVMValueMetadataEntry *mds = LLVMGlobalCopyAllMetadata(from, &n);
  for (size_t i = 0; i < n; i++)
    LLVMGlobalSetMetadata(to, LLVMValueMetadataEntriesGetKind(mds, (unsigned)i),
                          LLVMValueMetadataEntriesGetMetadata(mds, (unsigned)i));
  if (mds)
    LLVMDisposeValueMetadataEntries(mds);
}

static void copy_properties(fp_module *m, LLVMValueRef to, LLVMValueRef from) {
  unsigned align = LLVMPreferredAlignmentOfGlobal(m->td, from);
  LLVMSetLinkage(to, LLVMGetLinkage(from));
  LLVMSetVisibility(to, LLVMGetVisibility(from));
  LLVMSetDLLStorageClass(to, LLVMGetDLLStorageClass(from));
  LLVMSetUnnamedAddress(to, LLVMGetUnnamedAddress(from));
  LLVMSetGlobalConstant(to, LLVMIsGlobalConstant(from));
  LLVMSetAlignment(to, align < 8 ? 8 : align);
  copy_metadata(to, from);
}

/* Replaces `g` by {T, [rz x i8]}; returns the new global. */
static LLVMValueRef add_redzone(fp_module *m, unsigned rz_kind, LLVMValueRef g,
                                uint64_t rz) {
  LLVMTypeRef rz_ty = LLVMArrayType2(m->i8, rz);
  LLVMTypeRef fields[2] = {LLVMGlobalGetValueType(g), rz_ty};
  LLVMValueRef vals[2] = {LLVMGetInitializer(g), LLVMConstNull(rz_ty)};
  LLVMTypeRef ty = LLVMStructTypeInContext(m->ctx, fields, 2, 0);
  LLVMValueRef ng = LLVMAddGlobal(m->mod, ty, "");
  fp_take_name(ng, g);
  LLVMSetInitializer(ng, LLVMConstStructInContext(m->ctx, vals, 2, 0));
  copy_properties(m, ng, g);
  LLVMGlobalSetMetadata(ng, rz_kind, LLVMMDNodeInContext2(m->ctx, NULL, 0));
  LLVMReplaceAllUsesWith(g, ng);
  LLVMDeleteGlobal(g);
  return ng;
}

static LLVMValueRef private_string(fp_module *m, const char *s, size_t len) {
  LLVMValueRef init = LLVMConstStringInContext2(m->ctx, s, len, 0);
  LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(init), FP_PREFIX "str");
  LLVMSetInitializer(g, init);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  LLVMSetAlignment(g, 1);
  return g;
}

/* struct __ffisan_global { beg, size, size_with_redzone, name, module } */
static LLVMTypeRef entry_type(fp_module *m) {
  LLVMTypeRef f[5] = {m->ptr, m->i64, m->i64, m->ptr, m->ptr};
  return LLVMStructTypeInContext(m->ctx, f, 5, 0);
}

static LLVMValueRef entry_for(fp_module *m, LLVMValueRef g, uint64_t size,
                              uint64_t rz, LLVMValueRef module_name) {
  size_t len = 0;
  const char *name = LLVMGetValueName2(g, &len);
  LLVMValueRef f[5] = {g, fp_i64(m, size), fp_i64(m, size + rz),
                       private_string(m, name, len), module_name};
  return LLVMConstStructInContext(m->ctx, f, 5, 0);
}

static LLVMValueRef registration_array(fp_module *m, LLVMValueRef *entries,
                                       size_t n) {
  LLVMTypeRef ety = entry_type(m);
  LLVMValueRef init = LLVMConstArray2(ety, entries, n);
  LLVMValueRef arr = LLVMAddGlobal(m->mod, LLVMTypeOf(init), FP_PREFIX "globals");
  LLVMSetInitializer(arr, init);
  LLVMSetLinkage(arr, LLVMInternalLinkage);
  LLVMSetAlignment(arr, 8);
  return arr;
}

/* Redzones every eligible global; returns the registration array (NULL if
 * none) and its length in *n_out. */
LLVMValueRef fp_instrument_globals(fp_module *m, size_t *n_out) {
  unsigned rz_kind =
      LLVMGetMDKindIDInContext(m->ctx, FP_RZ_MD, (unsigned)strlen(FP_RZ_MD));
  fp_values todo = {0};
  for (LLVMValueRef g = LLVMGetFirstGlobal(m->mod); g; g = LLVMGetNextGlobal(g))
    if (eligible(m, rz_kind, g))
      fp_values_push(&todo, g);
  *n_out = todo.n;
  if (!todo.n)
    return NULL;
  size_t mlen = 0;
  const char *mname = LLVMGetSourceFileName(m->mod, &mlen);
  LLVMValueRef module_name = private_string(m, mname, mlen);
  LLVMValueRef *entries = malloc(todo.n * sizeof *entries);
  if (!entries)
    abort();
  for (size_t i = 0; i < todo.n; i++) {
    uint64_t size = LLVMABISizeOfType(m->td, LLVMGlobalGetValueType(todo.v[i]));
    uint64_t rz = redzone_size(size);
    LLVMValueRef ng = add_redzone(m, rz_kind, todo.v[i], rz);
    entries[i] = entry_for(m, ng, size, rz, module_name);
  }
  LLVMValueRef arr = registration_array(m, entries, todo.n);
  free(entries);
  fp_values_free(&todo);
  return arr;
}
