// C++ `new` released by Rust (Box drop):
// alloc-dealloc-mismatch (operator new vs Rust dealloc).
#include <cstdint>
#include <cstdio>

struct Pair { std::uint64_t a, b; };
extern "C" std::uint64_t rs_take_pair(Pair *p);

__attribute__((noipa)) Pair *make_pair() {
  return new Pair{1, 2}; // line:new
}

int main() {
  Pair *p = make_pair(); // line:make
  std::uint64_t s = rs_take_pair(p); // line:call
  std::fprintf(stderr, "done %llu\n", (unsigned long long)s);
  return 0;
}
