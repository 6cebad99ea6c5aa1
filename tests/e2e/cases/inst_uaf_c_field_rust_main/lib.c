/* A small C widget library. It remembers the last widget used, and
 * widget_destroy() forgets to clear that pointer when it frees the widget:
 * widget_last_id() then reads a field of a freed object (plain C load). */
#include <stdlib.h>

struct widget {
  int id;
  int uses;
  char label[24];
};

static struct widget *last_used;

struct widget *widget_new(int id) {
  struct widget *w = calloc(1, sizeof *w); /* line:alloc */
  if (w) w->id = id;
  return w;
}

void widget_use(struct widget *w) {
  w->uses++;
  last_used = w;
}

void widget_destroy(struct widget *w) {
  free(w); /* line:free */
  /* BUG: last_used may still point to w */
}

int widget_last_id(void) {
  return last_used ? last_used->id : -1; /* line:read */
}
