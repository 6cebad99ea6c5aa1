/* zlib_bench.c — the zlib workload of `make bench` (scripts/bench.sh):
 * generates MB megabytes (argv[1], default 64) of mixed data in memory —
 * English-like text, CSV numbers, small-integer records, byte runs and
 * incompressible random bytes, in 64 KiB segments — then compresses it in
 * 1 MiB chunks (deflate level 6, one z_stream reused with deflateReset),
 * decompresses every chunk (inflate), checks the round trip, and computes
 * crc32/adler32 over the input. Deterministic: prints the same lines for
 * every build of zlib (native, ffisan-cc, ASan), which bench.sh compares;
 * the time of each phase goes to stderr. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 16);
}

static const char *const words[] = {
    "the", "boundary", "between", "rust", "and", "c", "is", "where", "ownership",
    "of", "a", "block", "changes", "hands", "allocator", "free", "borrow", "lends",
    "pointer", "length", "stack", "frame", "returns", "sanitizer", "reports", "zlib",
    "deflate", "inflate", "window", "huffman", "tree", "literal", "distance", "match"};

static size_t gen_text(unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    const char *w = words[next() % (sizeof words / sizeof *words)];
    size_t l = strlen(w);
    if (i + l + 2 > n) break;
    memcpy(p + i, w, l);
    i += l;
    p[i++] = (next() % 13) ? ' ' : '\n';
  }
  while (i < n) p[i++] = ' ';
  return n;
}

static size_t gen_csv(unsigned char *p, size_t n) {
  size_t i = 0;
  char line[64];
  while (i < n) {
    int l = snprintf(line, sizeof line, "%u,%u,%u.%02u\n", next() % 100000, next() % 1000,
                     next() % 10000, next() % 100);
    if (i + (size_t)l > n) break;
    memcpy(p + i, line, (size_t)l);
    i += (size_t)l;
  }
  while (i < n) p[i++] = '\n';
  return n;
}

static void gen_segment(unsigned char *p, size_t n) {
  uint32_t kind = next() % 10;
  if (kind < 4) {
    gen_text(p, n);
  } else if (kind < 6) {
    gen_csv(p, n);
  } else if (kind < 8) { /* records of small integers */
    for (size_t i = 0; i + 8 <= n; i += 8) {
      uint32_t a = next() % 64, b = next() % 4096;
      memcpy(p + i, &a, 4);
      memcpy(p + i + 4, &b, 4);
    }
  } else if (kind < 9) { /* runs */
    size_t i = 0;
    while (i < n) {
      size_t run = 1 + next() % 300;
      unsigned char c = (unsigned char)next();
      for (size_t k = 0; k < run && i < n; k++) p[i++] = c;
    }
  } else { /* incompressible */
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)next();
  }
}

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
  const size_t seg = 64 * 1024, chunk = 1024 * 1024;
  size_t n = mb * chunk;
  unsigned char *in = malloc(n), *back = malloc(chunk);
  size_t zcap = deflateBound(NULL, chunk);
  unsigned char *z = malloc(zcap);
  if (!in || !back || !z) return 2;
  double t0 = now();
  for (size_t off = 0; off < n; off += seg) gen_segment(in + off, seg);
  double t1 = now();

  z_stream ds, is;
  memset(&ds, 0, sizeof ds);
  memset(&is, 0, sizeof is);
  if (deflateInit(&ds, 6) != Z_OK || inflateInit(&is) != Z_OK) return 2;
  unsigned long long ztotal = 0;
  for (size_t off = 0; off < n; off += chunk) {
    deflateReset(&ds);
    ds.next_in = in + off;
    ds.avail_in = (uInt)chunk;
    ds.next_out = z;
    ds.avail_out = (uInt)zcap;
    if (deflate(&ds, Z_FINISH) != Z_STREAM_END) return 3;
    size_t zlen = zcap - ds.avail_out;
    ztotal += zlen;
    inflateReset(&is);
    is.next_in = z;
    is.avail_in = (uInt)zlen;
    is.next_out = back;
    is.avail_out = (uInt)chunk;
    if (inflate(&is, Z_FINISH) != Z_STREAM_END || is.avail_out != 0) return 4;
    if (memcmp(back, in + off, chunk)) return 5;
  }
  deflateEnd(&ds);
  inflateEnd(&is);
  uLong crc = crc32(0L, in, (uInt)n), adl = adler32(1L, in, (uInt)n);
  double t2 = now();
  /* phase times go to stderr: stdout must be identical for every build */
  fprintf(stderr, "zlib_bench: generate %.3f s, zlib %.3f s\n", t1 - t0, t2 - t1);
  printf("input: %zu bytes\n", n);
  printf("compressed: %llu bytes\n", ztotal);
  printf("chunks: %zu\n", n / chunk);
  printf("crc32: %08lx adler32: %08lx\n", crc, adl);
  free(z);
  free(back);
  free(in);
  return 0;
}
