// Fuzz-target helper: the input written to a file, for the readers that take a path.
#ifndef CNNC_TESTS_FUZZ_FUZZFILE_H
#define CNNC_TESTS_FUZZ_FUZZFILE_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace cnnc::fuzz {

/// Writes `size` bytes at `data` to `<folder>/cnnc-fuzz-<pid>.<extension>` (in /dev/shm when
/// there is one, so that no disk is worn) and returns the path; the same file on every call.
inline std::string writeInput(const uint8_t *data, size_t size, const std::string &extension) {
  static const std::string folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                                    : std::getenv("TMPDIR")       ? std::getenv("TMPDIR")
                                                                  : "/tmp";
  const std::string path = folder + "/cnnc-fuzz-" + std::to_string(getpid()) + "." + extension;
  std::FILE *file = std::fopen(path.c_str(), "wb");
  if (!file || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0)
    std::abort(); // not the input's fault: the fuzzing machine's
  return path;
}

} // namespace cnnc::fuzz

#endif // CNNC_TESTS_FUZZ_FUZZFILE_H
