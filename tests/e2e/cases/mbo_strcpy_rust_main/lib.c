#include <string.h>

/* Prepends two bytes by copying the string onto itself: overlapping strcpy. */
__attribute__((noipa)) void c_make_room(char *s) {
  strcpy(s + 2, s); /* line:strcpy */
  s[0] = '>';
  s[1] = ' ';
}
