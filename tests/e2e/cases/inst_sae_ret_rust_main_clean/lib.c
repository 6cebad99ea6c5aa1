/* Clean twin of inst_sae_ret_rust_main: the counter has static storage. */
int *c_make_counter(int start) {
  static int counter;
  counter = start;
  return &counter;
}
