/* 8 C threads, ~100k boundary-crossing allocations each, every block
   released by the right allocator: no report, exit 0. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

unsigned char *rs_alloc(size_t n, unsigned char fill);
void rs_free(unsigned char *p, size_t n);
unsigned char *rs_malloc(size_t n);
unsigned char rs_release(unsigned char *p);

#define THREADS 8
#define ITERS 100000
#define RING 64

static void *worker(void *arg) {
  size_t id = (size_t)arg, acc = 0;
  unsigned char *ring[RING] = {0};
  size_t ring_n[RING] = {0};
  for (size_t i = 0; i < ITERS; i++) {
    size_t n = 8 + (i * 7 + id * 13) % 200;
    switch (i % 3) {
    case 0: { /* Rust buffer kept for a while in C, then given back */
      size_t k = i % RING;
      if (ring[k]) rs_free(ring[k], ring_n[k]);
      ring[k] = rs_alloc(n, (unsigned char)i);
      ring_n[k] = n;
      break;
    }
    case 1: { /* Rust mallocs, C frees */
      unsigned char *p = rs_malloc(n);
      acc += p[0];
      free(p);
      break;
    }
    default: { /* C mallocs, Rust frees */
      unsigned char *p = malloc(n);
      p[0] = (unsigned char)i;
      acc += rs_release(p);
      break;
    }
    }
  }
  for (int k = 0; k < RING; k++)
    if (ring[k]) rs_free(ring[k], ring_n[k]);
  return (void *)acc;
}

int main(void) {
  pthread_t t[THREADS];
  for (size_t i = 0; i < THREADS; i++) pthread_create(&t[i], 0, worker, (void *)i);
  size_t total = 0;
  for (int i = 0; i < THREADS; i++) {
    void *r;
    pthread_join(t[i], &r);
    total += (size_t)r;
  }
  fprintf(stderr, "done %d\n", total > 0);
  return 0;
}
