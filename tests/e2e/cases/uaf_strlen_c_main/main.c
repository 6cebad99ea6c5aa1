/* C keeps using a CString after handing it back to Rust for release:
   heap-use-after-free (through strlen). */
#include <stdio.h>
#include <string.h>

char *rs_make_name(void);
void rs_free_name(char *p);

static volatile size_t sink;

__attribute__((noipa)) size_t name_len(const char *p) {
  size_t n = strlen(p); /* line:strlen */
  sink = n;
  return n;
}

int main(void) {
  char *p = rs_make_name(); /* line:make */
  rs_free_name(p); /* line:release */
  size_t n = name_len(p); /* line:use */
  fprintf(stderr, "done %zu\n", n);
  return 0;
}
