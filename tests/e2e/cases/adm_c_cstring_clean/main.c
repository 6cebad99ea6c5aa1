/* Clean twin of adm_c_cstring_free: the CString goes back to Rust. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rs_make_name(void);
void rs_free_name(char *p);

int main(void) {
  char *n = rs_make_name();
  printf("%zu\n", strlen(n));
  rs_free_name(n);
  char *m = malloc(32);
  strcpy(m, "plain C");
  puts(m);
  free(m);
  fputs("done\n", stderr);
  return 0;
}
