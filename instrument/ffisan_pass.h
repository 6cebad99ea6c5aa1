/* ffisan_pass.h — internal declarations shared by the files of the ffisan
 * instrumentation pass. The pass works on one module at a time and keeps all
 * of its state in the structs below (rustc runs it on several threads, each
 * with its own LLVMContext): no file of the pass has mutable globals.
 *
 * Order per function (see module.c): escape analysis, entry hook, memory
 * checks, call hooks, escaping allocas, exit hooks. Then globals and the
 * module constructor. Only ffisan_instrument_module is exported. */
#ifndef FFISAN_PASS_H
#define FFISAN_PASS_H

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/Target.h>
#include <stddef.h>
#include <stdint.h>

#define FP_DONE_ATTR "ffisan-done"    /* string attribute on done functions */
#define FP_RZ_MD "ffisan.redzone"     /* metadata on redzoned globals */
#define FP_PREFIX "__ffisan_"         /* runtime and pass-made symbols */
#define FP_CTOR_NAME "__ffisan_module_ctor"
#define FP_DTOR_NAME "__ffisan_module_dtor"
#define FP_SHADOW_SCALE 3
#define FP_SHADOW_OFFSET 0x7fff8000ULL

/* A growable array of values (instructions, globals). */
typedef struct {
  LLVMValueRef *v;
  size_t n, cap;
} fp_values;

typedef struct {
  LLVMModuleRef mod;
  LLVMContextRef ctx;
  LLVMTargetDataRef td;
  LLVMBuilderRef b;
  LLVMTypeRef void_ty, i8, i16, i32, i64, ptr;
} fp_module;

typedef struct {
  fp_module *m;
  LLVMValueRef fn;
  LLVMMetadataRef entry_loc; /* at the DISubprogram's line, or NULL */
  fp_values exits;           /* every `ret` and `resume` of the function */
  fp_values escaping;        /* static allocas whose address escapes */
  LLVMValueRef args;         /* [n x ptr] pointer list for the hooks */
  int returns_twice;         /* calls setjmp & co: keep the real stack */
} fp_function;

/* util.c */
void fp_values_push(fp_values *vs, LLVMValueRef v);
int fp_values_has(const fp_values *vs, LLVMValueRef v);
void fp_values_free(fp_values *vs);
int fp_has_prefix(LLVMValueRef v, const char *prefix);
void fp_take_name(LLVMValueRef to, LLVMValueRef from);
int fp_has_fn_attr(LLVMValueRef fn, const char *name);
int fp_call_has_fn_attr(LLVMValueRef call, const char *name);
void fp_add_fn_attr(fp_module *m, LLVMValueRef fn, const char *name);
LLVMValueRef fp_runtime_fn(fp_module *m, const char *name, LLVMTypeRef ret,
                           LLVMTypeRef *params, unsigned n);
LLVMValueRef fp_call(fp_module *m, LLVMValueRef fn, LLVMValueRef *args,
                     unsigned n);
LLVMValueRef fp_i64(fp_module *m, uint64_t v);
void fp_set_loc(fp_function *f, LLVMValueRef inst);
void fp_position_before_exit(fp_function *f, LLVMValueRef exit);
LLVMValueRef fp_entry_insert_point(LLVMValueRef fn);
LLVMValueRef fp_called_function(LLVMValueRef call);
int fp_is_call(LLVMValueRef inst);
int fp_is_musttail(LLVMValueRef inst);
unsigned fp_intrinsic_id(LLVMValueRef call);
enum fp_mem_kind { FP_MEM_NONE, FP_MEM_TRANSFER, FP_MEM_SET };
enum fp_mem_kind fp_mem_intrinsic(LLVMValueRef call);
int fp_is_lifetime(LLVMValueRef call);

/* escape.c */
int fp_is_static_alloca(LLVMValueRef inst);
void fp_find_escaping_allocas(fp_function *f);
int fp_access_is_safe(fp_function *f, LLVMValueRef ptr, uint64_t size);

/* checks.c */
LLVMValueRef fp_check_helper(fp_module *m, int is_write, unsigned size);

/* memory.c */
void fp_instrument_memory(fp_function *f);

/* stack.c */
void fp_instrument_stack(fp_function *f);

/* boundary.c */
void fp_instrument_func_entry(fp_function *f);
void fp_instrument_calls(fp_function *f);
void fp_instrument_func_exits(fp_function *f);

/* globals.c */
LLVMValueRef fp_instrument_globals(fp_module *m, size_t *n_out);

/* ctor.c */
void fp_emit_ctor(fp_module *m, LLVMValueRef globals, size_t n);

/* module.c — the pass entry point, called from plugin.cpp. Returns non-zero
 * when the module changed. */
int ffisan_instrument_module(LLVMModuleRef mod);

#endif
