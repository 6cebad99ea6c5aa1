/* clean.c — a correct program: heap, stack, globals, strings, callbacks,
 * escaping locals. Instrumented, it must print nothing from ffisan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; int v[3]; };
static int table[16];
const char *names[] = {"a", "bb", "ccc"};

static void fill(int *p, int n) { for (int i = 0; i < n; i++) p[i] = i; }
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(void) {
  int local[8];
  fill(local, 8);
  struct node *h = NULL;
  for (int i = 0; i < 100; i++) {
    struct node *n = malloc(sizeof *n);
    n->next = h;
    n->v[2] = i;
    h = n;
  }
  long s = 0;
  while (h) { struct node *n = h->next; s += h->v[2]; free(h); h = n; }
  char buf[32];
  snprintf(buf, sizeof buf, "%s-%s", names[1], names[2]);
  for (int i = 0; i < 16; i++) table[i] = (int)strlen(buf) + local[i & 7];
  int *arr = calloc(64, sizeof *arr);
  for (int i = 0; i < 64; i++) arr[i] = (i * 37) % 64;
  qsort(arr, 64, sizeof *arr, cmp);
  char *dup = strdup(buf);
  memmove(dup + 1, dup, 3);
  printf("%ld %d %s %d %d %s\n", s, table[15], buf, arr[0], arr[63], dup);
  free(arr);
  free(dup);
  return 0;
}
