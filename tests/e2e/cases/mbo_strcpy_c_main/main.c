/* C strcpy()s a Rust string onto itself with overlap: mut-borrow-overlap. */
#include <stdio.h>
#include <string.h>

char *rs_make_text(void);
void rs_free_text(char *p);

__attribute__((noipa)) void make_room(char *s) {
  strcpy(s + 2, s); /* line:strcpy */
  s[0] = '>';
  s[1] = ' ';
}

int main(void) {
  char *t = rs_make_text();
  make_room(t); /* line:call */
  fprintf(stderr, "done %s\n", t);
  rs_free_text(t);
  return 0;
}
