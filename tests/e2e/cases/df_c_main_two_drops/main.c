/* C asks Rust to drop the same Box twice: double-free. */
#include <stdio.h>

struct counter;
struct counter *rs_new_counter(void);
unsigned long long rs_drop_counter(struct counter *p);

int main(void) {
  struct counter *c = rs_new_counter(); /* line:make */
  unsigned long long n = rs_drop_counter(c); /* line:first */
  fputs("first release done\n", stderr);
  n += rs_drop_counter(c); /* line:second */
  fprintf(stderr, "done %llu\n", n);
  return 0;
}
