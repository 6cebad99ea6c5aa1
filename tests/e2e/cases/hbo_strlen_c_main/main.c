/* C calls strlen on a Rust byte buffer that has no NUL terminator:
   heap-buffer-overflow. */
#include <stdio.h>
#include <string.h>

char *rs_make_tag(void);

static volatile size_t sink;

__attribute__((noipa)) size_t tag_len(const char *tag) {
  size_t n = strlen(tag); /* line:strlen */
  sink = n;
  return n;
}

int main(void) {
  char *t = rs_make_tag(); /* line:make */
  size_t n = tag_len(t); /* line:call */
  fprintf(stderr, "done %zu\n", n);
  return 0;
}
