/* Returns a pointer to a counter -- its own local variable, dead as soon as
 * the function returns. */
int *c_make_counter(int start) {
  int counter = start; /* line:local */
  return &counter;     /* line:ret */
}
