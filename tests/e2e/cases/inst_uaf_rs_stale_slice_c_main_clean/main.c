/* Clean twin of inst_uaf_rs_stale_slice_c_main: C re-attaches the buffer
 * after growing it. */
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
  log_buf.data = malloc(log_buf.len);
  memset(log_buf.data, 3, log_buf.len);
  rs_attach(log_buf.data, log_buf.len);
  log_buf.data = realloc(log_buf.data, 2 * log_buf.len);
  memset(log_buf.data + log_buf.len, 4, log_buf.len);
  log_buf.len *= 2;
  rs_attach(log_buf.data, log_buf.len);
  unsigned sum = rs_checksum();
  fprintf(stderr, "done: %u %u\n", sum, log_buf.data[log_buf.len - 1]);
  rs_detach();
  free(log_buf.data);
  return 0;
}
