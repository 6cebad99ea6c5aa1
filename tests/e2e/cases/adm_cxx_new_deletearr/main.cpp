// new (scalar) released with delete[]:
// alloc-dealloc-mismatch (operator new vs operator delete []).
#include <cstdint>
#include <cstdio>

struct Pair { std::uint64_t a, b; };

static volatile int sink;

__attribute__((noipa)) Pair *make_pair() {
  return new Pair{1, 2}; // line:new
}

__attribute__((noipa)) void release_pair(Pair *p) {
  delete[] p; // line:delete
  sink++;
}

int main() {
  Pair *p = make_pair(); // line:make
  release_pair(p); // line:call
  std::fputs("done\n", stderr);
  return 0;
}
