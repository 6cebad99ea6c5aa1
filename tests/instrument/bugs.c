/* bugs.c — planted bugs, one per argv[1]: each must be reported with the
 * named kind by instrumented code (the accesses are not seen by libc
 * interceptors). */
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))
char gbuf[10];

NOINLINE void write_n(char *p, int n) { for (int i = 0; i < n; i++) p[i] = (char)i; }
NOINLINE int *dangling(void) { int x = 1; int *volatile p = &x; return p; }
NOINLINE int read_local_past(void) { char a[8]; write_n(a, 9); return a[0]; }

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (!strcmp(what, "heap")) { /* off by one: 11 bytes into a 10-byte block */
    char *p = malloc(10);
    write_n(p, 11);
    free(p);
  } else if (!strcmp(what, "global")) {
    write_n(gbuf, 11);
  } else if (!strcmp(what, "stack")) {
    return read_local_past();
  } else if (!strcmp(what, "escape")) {
    return *dangling();
  } else if (!strcmp(what, "uaf")) {
    char *p = malloc(10);
    free(p);
    write_n(p, 1);
  }
  return 0;
}
