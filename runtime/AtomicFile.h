// Writing a file so that readers see either the old or the complete new contents.
#ifndef CNNRT_ATOMIC_FILE_H
#define CNNRT_ATOMIC_FILE_H

#include <cstddef>
#include <string>
#include <vector>

namespace cnnrt {

struct Bytes {
  const void *data;
  size_t size;
};

// Writes `pieces` one after another to `<path>.tmp-<pid>`, flushes it to disk and renames it
// over `path`; on failure throws CNN_ERROR_IO ("cannot write <what> <path>: <reason>") and
// leaves `path` as it was. After the rename it removes the `<path>.tmp-<pid>` files of writers
// that were killed before theirs (their processes no longer run).
void writeFileAtomically(const std::string &path, const std::vector<Bytes> &pieces,
                         const std::string &what);

// Removes the `<path>.tmp-<pid>` files that writers killed before their rename left behind:
// those of processes that no longer run.
void removeStaleTemporaries(const std::string &path);

} // namespace cnnrt

#endif // CNNRT_ATOMIC_FILE_H
