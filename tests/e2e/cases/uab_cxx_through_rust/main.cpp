// A C++ exception thrown in a C++ callee unwinds through a Rust frame
// (rs_visit, an extern "C" Rust function) to a C++ catch: the exception
// crosses the boundary twice. ffisan must report it before unwinding.
#include <cstdio>
#include <stdexcept>

extern "C" int rs_visit(int (*cb)(int), int v);

extern "C" __attribute__((noinline)) int cxx_callback(int v) {
  if (v > 2) throw std::runtime_error("too big"); // line:throw
  return v * 2;
}

__attribute__((noinline)) int run(int v) {
  try {
    return rs_visit(cxx_callback, v); // line:call
  } catch (const std::exception &e) {
    std::fprintf(stderr, "caught %s\n", e.what());
    return -1;
  }
}

int main() {
  std::fprintf(stderr, "ok %d\n", run(1));
  std::fprintf(stderr, "result %d\n", run(5));
  return 0;
}
