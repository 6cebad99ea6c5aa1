/* Clean twin of inst_sae_out_c_main: the answer lives in a static table. */
#include <stdbool.h>
#include <stdio.h>

bool rs_query(unsigned key, const int **out);

static int answers[97];

void c_backend_lookup(unsigned key, const int **out) {
  answers[key % 97] = (int)(key % 97);
  *out = &answers[key % 97];
}

int main(void) {
  const int *res = NULL;
  if (!rs_query(7, &res)) return 2;
  int v = *res;
  fprintf(stderr, "done: %d\n", v);
  return 0;
}
