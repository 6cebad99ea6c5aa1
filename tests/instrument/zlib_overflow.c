/* zlib_overflow.c — positive control for tests/instrument/zlib.sh: linked
 * against the ffisan-instrumented libz.a, it lets inflate write past its
 * output buffer (the caller claims 4096 bytes of room, the block holds
 * 4000). The overflowing stores are plain C stores inside zlib, which only
 * the instrumentation sees: ffisan must report a heap-buffer-overflow in
 * zlib's code. Without an argument it runs the same round trip correctly
 * and must stay silent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
  int plant = argc > 1 && !strcmp(argv[1], "plant");
  enum { N = 4096 };
  unsigned char *src = malloc(N);
  for (int i = 0; i < N; i++) src[i] = (unsigned char)("ffisan zlib "[i % 12] ^ (i / 97));
  uLongf zlen = compressBound(N);
  unsigned char *z = malloc(zlen);
  if (compress2(z, &zlen, src, N, 6) != Z_OK) return 2;
  size_t room = plant ? 4000 : N; /* BUG when planted: smaller than claimed */
  unsigned char *out = malloc(room);
  uLongf outlen = N;
  int rc = uncompress(out, &outlen, z, zlen);
  int same = rc == Z_OK && outlen == N && !memcmp(out, src, N);
  printf("uncompress: %d, %lu bytes, %s\n", rc, (unsigned long)outlen, same ? "same" : "different");
  free(out);
  free(z);
  free(src);
  return same ? 0 : 1;
}
