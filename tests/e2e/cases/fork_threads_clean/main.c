/* Worker threads allocate and free continuously while the main thread
   forks 40 times; each child allocates and frees (C, Rust, across the
   boundary) and exits 0 through exit(). Must not deadlock (a lock held by
   a worker at fork time must not be inherited locked) and must stay
   silent. The workers' allocations never cross the boundary, so blocks
   they had in flight at fork time are not boundary leaks in the child. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

unsigned char *rs_make_buffer(size_t n);
void rs_free_buffer(unsigned char *p, size_t n);
size_t rs_churn(size_t n);

#define WORKERS 3
#define FORKS 40

static volatile int stop;

static void *worker(void *arg) {
  size_t id = (size_t)arg, i = 0, acc = 0;
  while (!stop) {
    size_t n = 16 + (i++ * 31 + id) % 500;
    char *p = malloc(n);
    memset(p, (int)i, n);
    char *q = realloc(p, n * 2);
    acc += (unsigned char)q[n - 1];
    free(q);
    char *s = strdup("worker string");
    acc += strlen(s);
    free(s);
  }
  return (void *)acc;
}

static int child(int k, unsigned char *inherited) {
  size_t acc = inherited[0];
  rs_free_buffer(inherited, 48); /* a live block inherited from the parent */
  for (int i = 0; i < 200; i++) {
    char *p = malloc(64 + i);
    unsigned char *r = rs_make_buffer(32 + i);
    p[0] = (char)r[0];
    acc += (unsigned char)p[0] + rs_churn(10);
    rs_free_buffer(r, 32 + i);
    free(p);
  }
  exit(acc > 0 && k >= 0 ? 0 : 3);
}

int main(void) {
  pthread_t t[WORKERS];
  for (size_t i = 0; i < WORKERS; i++) pthread_create(&t[i], 0, worker, (void *)i);
  int bad = 0;
  for (int k = 0; k < FORKS; k++) {
    unsigned char *r = rs_make_buffer(48);
    pid_t pid = fork();
    if (pid < 0) return 99;
    if (pid == 0) child(k, r);
    rs_free_buffer(r, 48);
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      fprintf(stderr, "fork %d: child status 0x%x\n", k, st);
      bad++;
    }
  }
  stop = 1;
  for (int i = 0; i < WORKERS; i++) pthread_join(t[i], 0);
  fprintf(stderr, "done %d bad\n", bad);
  return bad ? 2 : 0;
}
