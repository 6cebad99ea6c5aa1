/* Looks a value up and hands it back through an out-parameter -- as the
 * address of its own local variable. */
void c_lookup(const char *key, const int **out) {
  int found = key[0] == 'a' ? 42 : 0;
  *out = &found; /* line:store */
} /* line:ret */
