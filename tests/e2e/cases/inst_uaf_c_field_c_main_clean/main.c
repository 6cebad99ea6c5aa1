/* Clean twin of inst_uaf_c_field_c_main: C reads the id before the
 * registry destroys the widget. */
#include <stdio.h>
#include <stdlib.h>

struct widget {
  int id;
  int uses;
  char label[24];
};

void rs_registry_add(struct widget *w);
size_t rs_registry_clear(void);

struct widget *widget_new(int id) {
  struct widget *w = calloc(1, sizeof *w);
  if (w) w->id = id;
  return w;
}

void widget_destroy(struct widget *w) { free(w); }

int main(void) {
  struct widget *w = widget_new(7);
  rs_registry_add(w);
  int id = w->id;
  size_t n = rs_registry_clear();
  fprintf(stderr, "done: cleared %zu, id %d\n", n, id);
  return 0;
}
