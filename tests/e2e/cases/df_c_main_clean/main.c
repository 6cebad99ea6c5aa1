/* Clean twin of df_c_main_free_twice / df_c_main_two_drops. */
#include <stdio.h>
#include <stdlib.h>

struct counter;
void *rs_make_block(size_t n);
struct counter *rs_new_counter(void);
unsigned long long rs_drop_counter(struct counter *p);

int main(void) {
  void *p = rs_make_block(40);
  free(p);
  struct counter *c = rs_new_counter();
  unsigned long long n = rs_drop_counter(c);
  fprintf(stderr, "done %llu\n", n);
  return 0;
}
