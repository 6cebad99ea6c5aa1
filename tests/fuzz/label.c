/* label.c — a small C library with a planted boundary bug for the fuzzing
 * test: label_parse() copies a label out of a record; for one rare record
 * ("FFIZ" + a length byte of 0x7f) it keeps the Rust-allocated name buffer
 * and releases it with C free() — an alloc-dealloc-mismatch only inputs
 * that reach that branch trigger. */
#include <stdlib.h>
#include <string.h>

/* Provided by the Rust side (label_rs.rs): a Rust-allocated copy. */
extern char *rs_label_name(const unsigned char *data, size_t len);
extern void rs_label_free(char *name);

int label_parse(const unsigned char *data, size_t size) {
  if (size < 5 || memcmp(data, "FFIZ", 4) != 0) return -1;
  size_t len = data[4] & 0x7f;
  if (len > size - 5) len = size - 5;
  char *name = rs_label_name(data + 5, len);
  int sum = 0;
  for (size_t i = 0; name[i]; i++) sum += (unsigned char)name[i];
  if (data[4] == 0x7f) free(name); /* the bug: Rust's buffer, C's allocator */
  else rs_label_free(name);
  return sum;
}
