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

// The new contents of `path`, written to `<path>.tmp-<pid>` (permissions `mode` less the umask)
// and flushed to disk; commit() renames them over `path`. Until then `path` is as it was, and a
// PendingFile that is never committed removes its temporary file. Several pending files committed
// one after another replace a set of files only once all of them were written in full.
class PendingFile {
public:
  PendingFile(const std::string &path, const std::vector<Bytes> &pieces, unsigned mode = 0666);
  PendingFile(const PendingFile &) = delete;
  PendingFile &operator=(const PendingFile &) = delete;
  ~PendingFile();

  // 0, or the errno of the first failure: writing the temporary file, or renaming it.
  int error() const { return error_; }
  // Renames the written file over `path`, then removes the `<path>.tmp-<pid>` files that writers
  // killed before their rename left behind; returns error().
  int commit();

private:
  std::string path_, temporary_;
  int error_ = 0;
  bool committed_ = false;
};

// Replaces `path` with `pieces` through a PendingFile; returns 0 or the errno of the failure.
int replaceFile(const std::string &path, const std::vector<Bytes> &pieces, unsigned mode = 0666);

// replaceFile, throwing CNN_ERROR_IO ("cannot write <what> <path>: <reason>") on failure.
void writeFileAtomically(const std::string &path, const std::vector<Bytes> &pieces,
                         const std::string &what);

// Removes the `<path>.tmp-<pid>` files that writers killed before their rename left behind:
// those of processes that no longer run.
void removeStaleTemporaries(const std::string &path);

} // namespace cnnrt

#endif // CNNRT_ATOMIC_FILE_H
