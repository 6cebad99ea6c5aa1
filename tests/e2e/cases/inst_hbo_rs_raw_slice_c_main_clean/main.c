/* Clean twin of inst_hbo_rs_raw_slice_c_main: C passes the sample count. */
#include <stdio.h>
#include <stdlib.h>

unsigned rs_mean(const unsigned *samples, size_t n);

int main(void) {
  size_t count = 6;
  unsigned *samples = malloc(count * sizeof *samples);
  for (size_t i = 0; i < count; i++) samples[i] = (unsigned)(10 * i);
  unsigned m = rs_mean(samples, count);
  fprintf(stderr, "done: mean %u\n", m);
  free(samples);
  return 0;
}
