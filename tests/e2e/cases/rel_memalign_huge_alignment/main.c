// memalign() with an alignment that is not a power of two and above 2^63:
// glibc returns NULL (EINVAL). Rounding it up to a power of two must not
// loop forever (the rounding overflows to 0).
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>

static void *(*volatile memalign_fn)(size_t, size_t) = memalign;

int main(void) {
  errno = 0;
  void *p = memalign_fn(((size_t)1 << 63) + 1, 16);
  void *q = memalign_fn((size_t)3 << 62, 16);
  int err = errno; /* before stdio: its first use may set errno (ENOTTY) */
  printf("memalign: %s %s\n", p ? "non-NULL" : "NULL", q ? "non-NULL" : "NULL");
  fprintf(stderr, "done %s\n", !p && !q && (err == EINVAL || err == ENOMEM) ? "NULL" : "wrong");
  return 0;
}
