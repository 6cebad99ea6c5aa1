// The parent forks a child that frees a block twice (the child's report ends
// it with status 1), ignores the child's status and exits 0: only ffisan-run's
// summary (from the log files) makes the run fail.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((noinline)) void release(char *p) {
  free(p); // line:free
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    char *p = malloc(16);
    release(p);
    release(p);
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  fprintf(stderr, "child status %d\n", WEXITSTATUS(status));
  return 0;
}
