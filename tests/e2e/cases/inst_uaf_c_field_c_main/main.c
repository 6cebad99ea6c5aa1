/* C registers its widget with a Rust registry, clears the registry (which
 * destroys the widget), then still reads the widget's id: a plain C load
 * from a freed C object. */
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
  struct widget *w = calloc(1, sizeof *w); /* line:alloc */
  if (w) w->id = id;
  return w;
}

void widget_destroy(struct widget *w) { free(w); /* line:free */ }

int main(void) {
  struct widget *w = widget_new(7); /* line:new */
  rs_registry_add(w);
  size_t n = rs_registry_clear(); /* line:clear */
  int id = w->id; /* line:read */
  fprintf(stderr, "done: cleared %zu, id %d\n", n, id);
  return 0;
}
