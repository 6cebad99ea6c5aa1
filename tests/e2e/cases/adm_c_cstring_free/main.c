/* C frees a CString::into_raw pointer with free(): alloc-dealloc-mismatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rs_make_name(void);

static volatile int sink;

__attribute__((noipa)) void settings_free(char *p) {
  free(p); /* line:free */
  sink++;
}

int main(void) {
  char *n = rs_make_name(); /* line:make */
  printf("%zu\n", strlen(n));
  settings_free(n); /* line:call */
  fputs("done\n", stderr);
  return 0;
}
