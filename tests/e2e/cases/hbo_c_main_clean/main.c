/* Clean twin of hbo_memcpy_c_main / hbo_strlen_c_main. */
#include <stdio.h>
#include <string.h>

unsigned char *rs_make_buffer(size_t n);
char *rs_make_tag(void);
void rs_free_buffer(void *p, size_t n);

static volatile size_t sink;

__attribute__((noipa)) void fill(unsigned char *dst, const char *src, size_t n) {
  memcpy(dst, src, n);
  __asm__ volatile("" ::: "memory");
}

__attribute__((noipa)) size_t tag_len(const char *tag) {
  size_t n = strlen(tag);
  sink = n;
  return n;
}

int main(void) {
  unsigned char *p = rs_make_buffer(16);
  fill(p, "0123456789abcdefghijklmnopqrstuvwxyz", 16);
  char *t = rs_make_tag();
  size_t n = tag_len(t);
  fprintf(stderr, "done %c %zu\n", p[15], n);
  rs_free_buffer(p, 16);
  rs_free_buffer(t, 9);
  return 0;
}
