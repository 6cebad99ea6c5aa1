// Clean twin of adm_cxx_new_rust_box / adm_rust_box_cxx_delete.
#include <cstdint>
#include <cstdio>

struct Pair { std::uint64_t a, b; };
extern "C" Pair *rs_new_pair();
extern "C" void rs_drop_pair(Pair *p);
extern "C" std::uint64_t rs_consume_cxx_pair(Pair *p);

extern "C" __attribute__((noipa)) void cxx_delete_pair(Pair *p) { delete p; }

int main() {
  Pair *p = rs_new_pair();
  std::uint64_t s = p->a;
  rs_drop_pair(p);
  s += rs_consume_cxx_pair(new Pair{1, 2});
  std::fprintf(stderr, "done %llu\n", (unsigned long long)s);
  return 0;
}
