/* Clean twin of adm_c_malloc_box. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct pair { uint64_t a, b; };
uint64_t rs_sum_pair(const struct pair *p);
struct pair *rs_new_pair(void);
void rs_drop_pair(struct pair *p);

int main(void) {
  struct pair *p = malloc(sizeof *p);
  p->a = 1;
  p->b = 2;
  uint64_t s = rs_sum_pair(p);
  free(p);
  struct pair *q = rs_new_pair();
  s += q->a;
  rs_drop_pair(q);
  fprintf(stderr, "done %llu\n", (unsigned long long)s);
  return 0;
}
