/* accesses.c — one function per kind of access, checked in the IR by
 * run.sh (function name -> expected instrumentation). Not run. */
#include <stddef.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))
struct three { char c[3]; };
int garr[10];
extern void ext(int *p, const char *s, int n);

NOINLINE char ld1(char *p) { return *p; }
NOINLINE void st2(short *p, short v) { *p = v; }
NOINLINE int ld4(int *p) { return *p; }
NOINLINE void st8(long *p, long v) { *p = v; }
NOINLINE __int128 ld16(__int128 *p) { return *p; }
NOINLINE void odd(struct three *d, struct three *s) { *d = *s; }
NOINLINE void copy(char *d, const char *s, size_t n) { memcpy(d, s, n); }
NOINLINE void zero(char *p, size_t n) { memset(p, 0, n); }
NOINLINE long atomic_inc(long *p) { return __atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST); }
NOINLINE int cas(int *p) { int e = 0; return __atomic_compare_exchange_n(p, &e, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
NOINLINE int local_const(void) { volatile int a[4]; a[0] = 1; a[3] = 2; return a[0] + a[3]; }
NOINLINE int escaping(void) { int y = 5; ext(&y, "s", 1); return y; }
NOINLINE int global_const(void) { return garr[3]; }
NOINLINE int global_var(int i) { return garr[i]; }
NOINLINE int indirect(int (*f)(int), int x) { return f(x); }
NOINLINE static int internal_fn(int *p) { return *p + 1; }
int use_internal(int *p) { return internal_fn(p); }
__attribute__((disable_sanitizer_instrumentation)) int no_instr(int *p) { return *p; }
