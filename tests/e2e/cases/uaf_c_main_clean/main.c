/* Clean twin of uaf_strlen_c_main: the string is read before release. */
#include <stdio.h>
#include <string.h>

char *rs_make_name(void);
void rs_free_name(char *p);

__attribute__((noipa)) size_t name_len(const char *p) { return strlen(p); }

int main(void) {
  char *p = rs_make_name();
  size_t n = name_len(p);
  rs_free_name(p);
  fprintf(stderr, "done %zu\n", n);
  return 0;
}
