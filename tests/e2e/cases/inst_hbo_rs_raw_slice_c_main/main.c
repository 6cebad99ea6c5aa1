/* C passes a byte count where the Rust function expects an element count:
 * Rust reads past the 6-sample block through its raw-pointer slice
 * (heap-buffer-overflow by a plain Rust load). */
#include <stdio.h>
#include <stdlib.h>

unsigned rs_mean(const unsigned *samples, size_t n);

int main(void) {
  size_t count = 6;
  unsigned *samples = malloc(count * sizeof *samples); /* line:alloc */
  for (size_t i = 0; i < count; i++) samples[i] = (unsigned)(10 * i);
  unsigned m = rs_mean(samples, count * sizeof *samples); /* line:call  BUG: bytes, not samples */
  fprintf(stderr, "done: mean %u\n", m);
  free(samples);
  return 0;
}
