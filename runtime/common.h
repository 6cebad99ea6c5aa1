/* common.h — types, macros and the tiny internal libc shared by every
 * runtime file. Nothing here may call into the interposed allocator: code
 * that runs inside malloc uses these helpers, never libc's allocating ones. */
#ifndef FFS_COMMON_H
#define FFS_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define FFS_INTERFACE __attribute__((visibility("default")))
#define FFS_HIDDEN __attribute__((visibility("hidden")))
#define FFS_NOINLINE __attribute__((noinline))
#define FFS_ALWAYS_INLINE inline __attribute__((always_inline))
#define FFS_LIKELY(x) __builtin_expect(!!(x), 1)
#define FFS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define FFS_TLS __thread __attribute__((tls_model("initial-exec")))
#define FFS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Which language a frame or a block belongs to. */
typedef enum {
  FFS_SIDE_UNKNOWN = 0,
  FFS_SIDE_C,
  FFS_SIDE_CXX,
  FFS_SIDE_RUST,
} ffs_side;

const char *ffs_side_name(ffs_side s); /* "C", "C++", "Rust", "unknown" */

/* Spinlock: the runtime's only lock primitive (no futex, no allocation). */
typedef struct { volatile int locked; } ffs_spinlock;
#define FFS_SPINLOCK_INIT {0}
void ffs_spin_lock(ffs_spinlock *l);
static inline void ffs_spin_unlock(ffs_spinlock *l) {
  __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
static inline bool ffs_spin_trylock(ffs_spinlock *l) {
  return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

/* Page-granular memory straight from the kernel. */
void *ffs_mmap(size_t size);            /* RW anonymous runtime metadata, NULL on failure */
void *ffs_mmap_user(size_t size);       /* RW anonymous for program blocks (not registered) */
bool ffs_is_internal_map(uintptr_t lo, uintptr_t hi); /* overlaps runtime metadata? */
void ffs_register_map(void *p, size_t size, bool add); /* mark (or unmark) as runtime memory */
void *ffs_mmap_reserve(size_t size);    /* PROT_NONE, NORESERVE */
bool ffs_mmap_commit(void *addr, size_t size); /* make reserved range RW */
void ffs_munmap(void *addr, size_t size);
size_t ffs_page_size(void);

/* Internal libc: safe anywhere, including inside malloc and signal handlers. */
size_t ffs_strlen(const char *s);
int ffs_strcmp(const char *a, const char *b);
int ffs_strncmp(const char *a, const char *b, size_t n);
const char *ffs_strstr(const char *hay, const char *needle);
void ffs_memcpy(void *dst, const void *src, size_t n);
void ffs_memset(void *dst, int c, size_t n);
size_t ffs_strlcpy(char *dst, const char *src, size_t size);
/* Formats into buf (always NUL-terminated); supports %s %d %u %ld %lu %zu %zd
 * %x %lx %zx %p %c %% with optional width, '-' and '0' flags. */
int ffs_vsnprintf(char *buf, size_t size, const char *fmt, __builtin_va_list ap);
int ffs_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Writes the whole buffer to fd, retrying on EINTR / short writes. */
void ffs_write_all(int fd, const char *buf, size_t len);
/* The runtime's stderr: a private duplicate of fd 2 taken at start-up. */
extern int ffs_stderr_fd;
void ffs_stderr_init(void);
void ffs_stderr_check(void); /* falls back to fd 2 if ours was reused */
/* One-line diagnostic of the runtime itself: "==PID==FFISan: <msg>\n". */
void ffs_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ffs_getpid(void);
int ffs_gettid(void);

/* Runtime-internal scope: allocations made inside it (by the symbolizer,
 * libdw, the reporter) are tagged internal: never reported, never leaks. */
extern FFS_TLS int ffs_in_runtime;
static inline void ffs_enter_runtime(void) { ffs_in_runtime++; }
static inline void ffs_leave_runtime(void) { ffs_in_runtime--; }

#endif
