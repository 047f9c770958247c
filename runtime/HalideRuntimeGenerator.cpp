// Writes the standalone Halide runtime object that libcnnrt carries for every model's kernels.
#include <Halide.h>

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s OUTPUT.o HALIDE-TARGET\n", argv[0]);
    return 1;
  }
  Halide::compile_standalone_runtime(argv[1], Halide::Target(argv[2]));
  return 0;
}
