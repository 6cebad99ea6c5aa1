/* Clean twin of inst_sbo_c_only: the token fits. */
#include <stdio.h>

static void copy_token(char *dst, const char *src) {
  while (*src && *src != ' ') *dst++ = *src++;
  *dst = '\0';
}

static int token_len(const char *line) {
  char tok[16];
  copy_token(tok, line);
  int n = 0;
  while (tok[n]) n++;
  return n;
}

int main(int argc, char **argv) {
  const char *line = argc > 1 ? argv[1] : "short-token rest";
  int n = token_len(line);
  fprintf(stderr, "done: %d\n", n);
  return 0;
}
