/* C takes a CString::into_raw from Rust and drops the pointer without
   giving it back: boundary-leak, allocated by Rust, last owned by C. */
#include <stdio.h>
#include <string.h>

char *rs_make_name(void);

__attribute__((noipa)) size_t use_name(void) {
  char *p = rs_make_name(); /* line:call */
  size_t n = strlen(p);
  return n; /* p goes out of scope: leaked */
}

/* Overwrites the dead stack below main so no stale copy of the pointer
   survives to the leak check. */
__attribute__((noipa)) void scrub_stack(void) {
  char buf[65536];
  memset(buf, 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory");
}

int main(void) {
  size_t n = use_name(); /* line:use */
  scrub_stack();
  fprintf(stderr, "name length %zu\n", n);
  return 0;
}
