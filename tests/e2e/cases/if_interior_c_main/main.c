/* C asks Rust to release a Rust buffer, but passes a pointer 8 bytes into
   it: invalid-free (interior pointer). */
#include <stdio.h>

unsigned char *rs_make_buffer(size_t n);
void rs_free_buffer(unsigned char *p, size_t n);

int main(void) {
  unsigned char *p = rs_make_buffer(32); /* line:make */
  unsigned char *payload = p + 8;
  rs_free_buffer(payload, 24); /* line:call */
  fputs("done\n", stderr);
  return 0;
}
