// eh.cpp — C++ with exceptions: calls become invokes, whose normal edges
// get call_exit on a new block; must verify and run clean.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

__attribute__((noinline)) int may_throw(int x) {
  if (x > 3) throw std::runtime_error("big");
  return x;
}

int main() {
  std::vector<std::string> v;
  int caught = 0;
  for (int i = 0; i < 6; i++) {
    try {
      int r = may_throw(i) ? may_throw(i + 1) : 7;
      v.push_back(std::to_string(r));
    } catch (const std::exception &) {
      caught++;
    }
  }
  std::printf("%zu %d %s\n", v.size(), caught, v.back().c_str());
  return 0;
}
