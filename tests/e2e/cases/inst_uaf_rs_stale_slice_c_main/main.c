/* C attaches its buffer to a Rust checksum service, then grows the buffer
 * with realloc() without re-attaching: Rust's slice dangles, and its read
 * is a heap-use-after-free by a plain Rust load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rs_attach(const unsigned char *p, size_t n);
unsigned rs_checksum(void);
void rs_detach(void);

struct cbuf {
  unsigned char *data;
  size_t len;
} log_buf; /* a global: the compiler must keep every realloc */

int main(void) {
  log_buf.len = 32;
  log_buf.data = malloc(log_buf.len); /* line:alloc */
  memset(log_buf.data, 3, log_buf.len);
  rs_attach(log_buf.data, log_buf.len);
  log_buf.data = realloc(log_buf.data, 2 * log_buf.len); /* line:realloc */
  memset(log_buf.data + log_buf.len, 4, log_buf.len);
  log_buf.len *= 2;
  unsigned sum = rs_checksum(); /* line:call */
  fprintf(stderr, "done: %u %u\n", sum, log_buf.data[log_buf.len - 1]);
  rs_detach();
  free(log_buf.data);
  return 0;
}
