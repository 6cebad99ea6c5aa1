/* The C backend stores a pointer to its local into the out-parameter; the
 * pointer crosses Rust, and C reads it after the frame is gone:
 * stack-address-escape by a plain C load. */
#include <stdbool.h>
#include <stdio.h>

bool rs_query(unsigned key, const int **out);

void c_backend_lookup(unsigned key, const int **out) {
  int answer = (int)(key % 97); /* line:local */
  *out = &answer;
} /* line:ret */

int main(void) {
  const int *res = NULL;
  if (!rs_query(7, &res)) return 2;
  int v = *res; /* line:use */
  fprintf(stderr, "done: %d\n", v);
  return 0;
}
