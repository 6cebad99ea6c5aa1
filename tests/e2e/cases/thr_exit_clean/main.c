/* Clean twin of thr_exit_report_complete: the worker releases correctly,
   then calls exit(0) while the main thread is busy allocating. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned char *rs_make_buffer(size_t n);
void rs_free_buffer(unsigned char *p, size_t n);

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    unsigned char *p = rs_make_buffer(24 + i);
    rs_free_buffer(p, 24 + i);
  }
  fputs("worker exiting\n", stderr);
  exit(0);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  for (size_t i = 0;; i++) {
    char *q = malloc(32 + i % 100);
    memset(q, (int)i, 32);
    free(q);
  }
}
