/* C asks Rust for a buffer of strlen(name) bytes and copies the name in
 * with its terminating NUL: one byte past the Rust block (plain C store). */
#include <stdio.h>
#include <stddef.h>

unsigned char *rs_name_buffer(size_t len);
void rs_name_free(unsigned char *p, size_t len);

static size_t my_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

int main(void) {
  const char *name = "ffisan-widget";
  size_t len = my_strlen(name);
  unsigned char *buf = rs_name_buffer(len); /* line:call */
  size_t i;
  for (i = 0; i < len; i++) buf[i] = (unsigned char)name[i];
  buf[i] = '\0'; /* line:nul */
  fprintf(stderr, "done: %s\n", (char *)buf);
  rs_name_free(buf, len);
  return 0;
}
