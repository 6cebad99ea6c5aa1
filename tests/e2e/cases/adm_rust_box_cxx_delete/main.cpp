// A Rust Box released with C++ delete (sized operator delete):
// alloc-dealloc-mismatch (Rust global allocator vs operator delete).
#include <cstdint>
#include <cstdio>

struct Pair { std::uint64_t a, b; };
extern "C" Pair *rs_new_pair();

static volatile int sink;

__attribute__((noipa)) void release_pair(Pair *p) {
  delete p; // line:delete
  sink++;
}

int main() {
  Pair *p = rs_new_pair(); // line:make
  std::uint64_t s = p->a + p->b;
  release_pair(p); // line:call
  std::fprintf(stderr, "done %llu\n", (unsigned long long)s);
  return 0;
}
