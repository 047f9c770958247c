// Writes a standalone Halide runtime object for the host, the one the test models link.
#include <Halide.h>

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.o\n", argv[0]);
    return 1;
  }
  Halide::compile_standalone_runtime(argv[1], Halide::get_host_target());
  return 0;
}
