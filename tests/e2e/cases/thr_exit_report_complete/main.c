/* A worker thread makes an error (halt_on_error=0: the program goes on),
   then calls exit(0) while the main thread is busy allocating. The report
   must be complete (SUMMARY line), and since a report was printed the exit
   status is the exitcode (1). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned char *rs_make_buffer(size_t n);

static volatile int sink;

__attribute__((noipa)) void release_buffer(unsigned char *p) {
  free(p); /* line:free */
  sink++;
}

static void *worker(void *arg) {
  (void)arg;
  unsigned char *p = rs_make_buffer(24); /* line:make */
  release_buffer(p); /* line:call */
  fputs("worker exiting\n", stderr);
  exit(0);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  for (size_t i = 0;; i++) { /* busy until the worker ends the process */
    char *q = malloc(32 + i % 100);
    memset(q, (int)i, 32);
    free(q);
  }
}
