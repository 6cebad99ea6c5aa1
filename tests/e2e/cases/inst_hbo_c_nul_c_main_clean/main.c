/* Clean twin of inst_hbo_c_nul_c_main: C asks for strlen(name) + 1 bytes. */
#include <stdio.h>
#include <stddef.h>

unsigned char *rs_name_buffer(size_t len);
void rs_name_free(unsigned char *p, size_t len);

static size_t my_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

int main(void) {
  const char *name = "ffisan-widget";
  size_t len = my_strlen(name);
  unsigned char *buf = rs_name_buffer(len + 1); /* room for the NUL */
  size_t i;
  for (i = 0; i < len; i++) buf[i] = (unsigned char)name[i];
  buf[i] = '\0';
  fprintf(stderr, "done: %s\n", (char *)buf);
  rs_name_free(buf, len + 1);
  return 0;
}
