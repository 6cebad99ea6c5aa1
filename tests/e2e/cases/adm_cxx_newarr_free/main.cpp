// new[] released with free(): alloc-dealloc-mismatch (operator new [] vs free).
#include <cstdio>
#include <cstdlib>

static volatile int sink;

__attribute__((noipa)) char *make_array(std::size_t n) {
  char *p = new char[n]; // line:new
  sink++; // (no tail call: keeps this frame in the allocation stack)
  return p;
}

__attribute__((noipa)) void release_array(char *p) {
  std::free(p); // line:free
  sink++;
}

int main() {
  char *p = make_array(32); // line:make
  p[0] = 1;
  release_array(p); // line:call
  std::fputs("done\n", stderr);
  return 0;
}
