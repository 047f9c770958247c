// Reading a whole input file, bounded: a regular file up to its size, a pipe or device (whose size
// nobody knows, /dev/zero's is endless) up to a limit.
#ifndef CNNRT_READ_FILE_H
#define CNNRT_READ_FILE_H

#include <cstddef>
#include <string>
#include <vector>

namespace cnnrt {

// What may be read from a file that is not a regular one (a pipe, a device such as /dev/zero).
constexpr size_t kMaxStreamBytes = size_t(64) << 20; // 64 MiB

// Reads `path` into `bytes`: a regular file's size as stat() gives it before reading, or from
// anything else at most kMaxStreamBytes. Returns "" or the reason it failed: strerror's text,
// or "it is not a regular file and holds more than 64 MiB".
std::string readWholeFile(const std::string &path, std::vector<char> &bytes);

} // namespace cnnrt

#endif // CNNRT_READ_FILE_H
