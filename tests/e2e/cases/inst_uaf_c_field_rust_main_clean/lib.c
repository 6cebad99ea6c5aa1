/* Clean twin of inst_uaf_c_field_rust_main: widget_destroy() clears the
 * last-used pointer. */
#include <stdlib.h>

struct widget {
  int id;
  int uses;
  char label[24];
};

static struct widget *last_used;

struct widget *widget_new(int id) {
  struct widget *w = calloc(1, sizeof *w);
  if (w) w->id = id;
  return w;
}

void widget_use(struct widget *w) {
  w->uses++;
  last_used = w;
}

void widget_destroy(struct widget *w) {
  free(w);
  if (last_used == w) last_used = NULL;
}

int widget_last_id(void) {
  return last_used ? last_used->id : -1;
}
