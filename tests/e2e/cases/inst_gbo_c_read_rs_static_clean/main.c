/* Clean twin of inst_gbo_c_read_rs_static: the bound is exclusive. */
#include <stdio.h>
#include <stddef.h>

extern const unsigned char RS_WEIGHTS[];
size_t rs_weight_count(void);

int main(void) {
  size_t n = rs_weight_count();
  unsigned sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += RS_WEIGHTS[i];
  fprintf(stderr, "done: %u\n", sum);
  return 0;
}
