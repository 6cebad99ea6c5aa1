/* C sums a Rust static table with an inclusive bound: the last read is one
 * past the table (global-buffer-overflow by a plain C load; lib.rs via
 * ffisan-rustc gives the static its redzone). */
#include <stdio.h>
#include <stddef.h>

extern const unsigned char RS_WEIGHTS[];
size_t rs_weight_count(void);

int main(void) {
  size_t n = rs_weight_count();
  unsigned sum = 0;
  for (size_t i = 0; i <= n; i++) /* BUG: <= */
    sum += RS_WEIGHTS[i]; /* line:read */
  fprintf(stderr, "done: %u\n", sum);
  return 0;
}
