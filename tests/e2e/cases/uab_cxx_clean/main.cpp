// Clean twin: the C++ exception is thrown and caught inside C++ code that
// Rust called; nothing unwinds through a Rust frame.
#include <cstdio>
#include <stdexcept>

extern "C" int rs_visit(int (*cb)(int), int v);

extern "C" __attribute__((noinline)) int cxx_callback(int v) {
  try {
    if (v > 2) throw std::runtime_error("too big");
    return v * 2;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "caught %s\n", e.what());
    return -1;
  }
}

int main() {
  std::fprintf(stderr, "ok %d\n", rs_visit(cxx_callback, 1));
  std::fprintf(stderr, "result %d\n", rs_visit(cxx_callback, 5));
  try {
    throw std::logic_error("plain C++");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "caught %s\n", e.what());
  }
  return 0;
}
