/* A growable C byte buffer. Appending may realloc() it: pointers into the
 * old storage then point to released memory. */
#include <stdlib.h>
#include <string.h>

struct cbuf {
  unsigned char *data;
  size_t len;
};

struct cbuf *cbuf_new(size_t n, unsigned char fill) {
  struct cbuf *b = malloc(sizeof *b);
  b->data = malloc(n);
  memset(b->data, fill, n);
  b->len = n;
  return b;
}

const unsigned char *cbuf_data(const struct cbuf *b) { return b->data; }
size_t cbuf_len(const struct cbuf *b) { return b->len; }

void cbuf_push(struct cbuf *b, unsigned char byte) {
  b->data = realloc(b->data, b->len + 1);
  b->data[b->len++] = byte;
}

void cbuf_free(struct cbuf *b) {
  free(b->data);
  free(b);
}
