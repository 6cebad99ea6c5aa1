/* A small C widget library. */
#include <stdlib.h>

struct widget {
  int id;
  char label[28];
};

struct widget *widget_new(int id) {
  struct widget *w = calloc(1, sizeof *w);
  if (w) w->id = id;
  return w;
}

void widget_destroy(struct widget *w) { free(w); }

int widget_id(const struct widget *w) { return w->id; }
