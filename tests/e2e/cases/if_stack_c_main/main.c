/* C gives Rust ownership of a struct that lives on the C stack:
   invalid-free (stack address). */
#include <stdint.h>
#include <stdio.h>

struct pair { uint64_t a, b; };
uint64_t rs_take_pair(struct pair *p);

__attribute__((noipa)) uint64_t hand_over_local(void) {
  struct pair local = {1, 2};
  uint64_t s = rs_take_pair(&local); /* line:call */
  return s + local.a;
}

int main(void) {
  uint64_t s = hand_over_local();
  fprintf(stderr, "done %llu\n", (unsigned long long)s);
  return 0;
}
