/* Clean twin of bl_into_raw_c_main: Rust strings that C gives back, keeps in
   a global, or keeps by an interior pointer; Rust statics holding leaked
   boxes -- all freed or still reachable at exit: silent. */
#include <stdio.h>
#include <string.h>

char *rs_make_name(void);
void rs_free_name(char *p);
size_t rs_init(void);

char *g_keep;
char *g_keep_interior;

__attribute__((noipa)) void scrub_stack(void) {
  char buf[65536];
  memset(buf, 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory");
}

__attribute__((noipa)) size_t work(void) {
  size_t n = rs_init();
  char *p = rs_make_name();
  n += strlen(p);
  rs_free_name(p);
  g_keep = rs_make_name();
  g_keep_interior = rs_make_name() + 3;
  return n;
}

int main(void) {
  size_t n = work();
  scrub_stack();
  fprintf(stderr, "done %zu\n", n);
  return 0;
}
