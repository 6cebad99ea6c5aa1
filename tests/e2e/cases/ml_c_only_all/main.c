/* A plain C leak that never crosses into Rust: memory-leak, reported only
   with detect_leaks=all. */
#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__((noipa)) void consume(const char *p) { sink = p[3]; }

__attribute__((noipa)) void make_and_lose(void) {
  char *p = malloc(40); /* line:malloc */
  memset(p, 'x', 40);
  consume(p);
}

__attribute__((noipa)) void scrub_stack(void) {
  char buf[65536];
  memset(buf, 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory");
}

char *g_reachable;

int main(void) {
  g_reachable = malloc(100);
  make_and_lose(); /* line:call */
  scrub_stack();
  return 0;
}
