// free() of an address 8 bytes before a live block (sqlite3_free on a
// pointer it did not allocate does this): described by the nearest block.
#include <stdlib.h>
#include <string.h>

int main(void) {
  char *a = malloc(16);
  char *p = malloc(7); // line:alloc
  memcpy(p, "abcdef", 7);
  free(a);
  free(p - 8); // line:free
  return 0;
}
