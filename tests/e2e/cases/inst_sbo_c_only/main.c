/* Pure C, built with ffisan-cc: a parser copies a token into a 16-byte
 * stack buffer with its own loop and no length check (stack-buffer-overflow
 * by a plain C store: no libc call for an interceptor to see). */
#include <stdio.h>

static void copy_token(char *dst, const char *src) {
  while (*src && *src != ' ') *dst++ = *src++; /* line:store */
  *dst = '\0';
}

static int token_len(const char *line) {
  char tok[16]; /* line:buf */
  copy_token(tok, line);
  int n = 0;
  while (tok[n]) n++;
  return n;
}

int main(int argc, char **argv) {
  const char *line = argc > 1 ? argv[1] : "a-token-longer-than-sixteen-bytes rest";
  int n = token_len(line); /* line:call */
  fprintf(stderr, "done: %d\n", n);
  return 0;
}
