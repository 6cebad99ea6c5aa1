/* C copies a name into a caller's buffer and terminates it -- with the NUL
 * one past the n bytes it was given when the name fills them (a plain C
 * store, no libc call: only the instrumented code sees it). */
#include <stddef.h>

void c_copy_name(char *dst, size_t n) {
  const char *name = "ffisan-widget-0001"; /* longer than any buffer here */
  size_t i;
  for (i = 0; i < n && name[i]; i++) dst[i] = name[i];
  dst[i] = '\0'; /* line:nul */
}
