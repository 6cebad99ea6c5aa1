// Signal handlers that allocate and free while the interrupted thread is
// itself inside malloc/free (SIGALRM every 50 us): ffisan must neither
// deadlock nor corrupt its state, and report nothing.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t handled;

static void on_alarm(int sig) {
  (void)sig;
  char *p = malloc(24 + handled % 100);
  if (p) {
    memset(p, 1, 24);
    free(p);
  }
  handled++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {{0, 50}, {0, 50}};
  setitimer(ITIMER_REAL, &it, NULL);
  void *keep[64] = {0};
  unsigned long sum = 0;
  for (long i = 0; i < 1500000; i++) {
    int k = (int)(i % 64);
    free(keep[k]);
    keep[k] = malloc(16 + (size_t)(i % 300));
    if (keep[k]) sum += ((unsigned char *)keep[k])[0] = (unsigned char)i;
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  for (int k = 0; k < 64; k++) free(keep[k]);
  fprintf(stderr, "done %s\n", handled > 100 ? "signals" : "too-few-signals");
  return 0;
}
