// One thread walks the loaded objects with dl_iterate_phdr and allocates in
// its callback (as Rust's std backtrace does) while short-lived threads
// allocate from cold stacks (libunwind's slow path takes its own lock, then
// the loader's). Under ffisan this must neither deadlock nor report.
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile int stop;

/* A different call depth each time: every allocation has a new stack. */
__attribute__((noinline)) static void allocate_at_depth(int depth, size_t n) {
  if (depth > 0) {
    allocate_at_depth(depth - 1, n);
    __asm__ volatile("" ::: "memory");
    return;
  }
  char *copy = malloc(n);
  if (copy) copy[0] = 1;
  free(copy);
}

static int callback(struct dl_phdr_info *info, size_t size, void *data) {
  long *n = data;
  allocate_at_depth((int)(++*n % 40), 64 + (size_t)info->dlpi_phnum + size % 8);
  return 0;
}

static void *walker(void *arg) {
  long n = 0;
  while (!stop) dl_iterate_phdr(callback, &n);
  return NULL;
}

/* 512 distinct functions that allocate: their return addresses keep
 * libunwind's register-state cache (128 entries) missing, and a miss walks
 * the loaded objects with the loader's lock. */
#define F(n) __attribute__((noinline)) static void f##n(void) { free(malloc(16 + n % 32)); }
#define F8(n) F(n##0) F(n##1) F(n##2) F(n##3) F(n##4) F(n##5) F(n##6) F(n##7)
#define F64(n) F8(n##0) F8(n##1) F8(n##2) F8(n##3) F8(n##4) F8(n##5) F8(n##6) F8(n##7)
F64(1) F64(2) F64(3) F64(4) F64(5) F64(6) F64(7) F64(9)
#define P(n) f##n,
#define P8(n) P(n##0) P(n##1) P(n##2) P(n##3) P(n##4) P(n##5) P(n##6) P(n##7)
#define P64(n) P8(n##0) P8(n##1) P8(n##2) P8(n##3) P8(n##4) P8(n##5) P8(n##6) P8(n##7)
static void (*const fns[])(void) = {P64(1) P64(2) P64(3) P64(4) P64(5) P64(6) P64(7) P64(9)};

__attribute__((noinline)) static void *short_lived(void *arg) {
  size_t start = (size_t)arg;
  for (size_t i = 0; i < 512; i++) fns[(start + i * 7) % 512]();
  return NULL;
}

int main(void) {
  pthread_t w;
  pthread_create(&w, NULL, walker, NULL);
  time_t end = time(NULL) + 3;
  long spawned = 0;
  while (time(NULL) < end) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, short_lived, (void *)(spawned + i));
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    spawned += 4;
  }
  stop = 1;
  pthread_join(w, NULL);
  fprintf(stderr, "done %s\n", spawned > 20 ? "many threads" : "few threads");
  return 0;
}
