/* fork + exec: the child allocates, then execs /bin/sh, which runs this
   program again as the "grandchild"; the grandchild frees a Rust buffer
   with free(). LD_PRELOAD must survive both execs, so the grandchild's
   report appears and its exit status (1) comes back up to the parent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

unsigned char *rs_make_buffer(size_t n);
void rs_free_buffer(unsigned char *p, size_t n);

static volatile int sink;

__attribute__((noipa)) void release_buffer(unsigned char *p) {
  free(p); /* line:free */
  sink++;
}

static int grandchild(void) {
  fputs("grandchild running\n", stderr);
  unsigned char *p = rs_make_buffer(24); /* line:make */
  release_buffer(p); /* line:call */
  fputs("grandchild not halted\n", stderr);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "grandchild") == 0) return grandchild();

  /* some live blocks of both kinds in the parent */
  unsigned char *keep = rs_make_buffer(64);
  char *ckeep = malloc(64);
  pid_t pid = fork();
  if (pid < 0) return 99;
  if (pid == 0) {
    unsigned char *q = rs_make_buffer(32);
    char *c = malloc(100);
    snprintf(c, 100, "%s grandchild", argv[0]);
    q[0] = (unsigned char)c[0];
    execl("/bin/sh", "sh", "-c", "\"$0\" grandchild; exit $?", argv[0], (char *)0);
    _exit(127);
  }
  int st = 0;
  if (waitpid(pid, &st, 0) != pid) return 98;
  rs_free_buffer(keep, 64);
  free(ckeep);
  if (!WIFEXITED(st)) {
    fprintf(stderr, "child killed by signal %d\n", WTERMSIG(st));
    return 97;
  }
  fprintf(stderr, "child status %d\n", WEXITSTATUS(st));
  return WEXITSTATUS(st);
}
