// Clean twin of adm_cxx_newarr_free / adm_cxx_new_deletearr.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>

struct Pair { std::uint64_t a, b; };
struct alignas(64) Wide { char bytes[64]; };

static volatile int sink;

__attribute__((noipa)) char *make_array(std::size_t n) { return new char[n]; }
__attribute__((noipa)) void release_array(char *p) { delete[] p; sink++; }
__attribute__((noipa)) Pair *make_pair() { return new Pair{1, 2}; }
__attribute__((noipa)) void release_pair(Pair *p) { delete p; sink++; }
__attribute__((noipa)) Wide *make_wide() { return new Wide(); }
__attribute__((noipa)) void release_wide(Wide *p) { delete p; sink++; }
__attribute__((noipa)) Pair *make_pairs(std::size_t n) { return new Pair[n]; }
__attribute__((noipa)) void release_pairs(Pair *p) { delete[] p; sink++; }

int main() {
  char *a = make_array(32);
  a[0] = 1;
  release_array(a);
  Pair *p = make_pair();
  release_pair(p);
  Wide *w = make_wide();
  release_wide(w);
  Pair *ps = make_pairs(5);
  release_pairs(ps);
  Pair *n = new (std::nothrow) Pair{3, 4};
  delete n;
  void *m = std::malloc(24);
  std::free(m);
  std::fputs("done\n", stderr);
  return 0;
}
