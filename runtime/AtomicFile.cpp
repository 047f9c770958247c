// The temporary-file-and-rename writer behind weights, checkpoints and history files.
#include "AtomicFile.h"

#include "Errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cnnrt {
namespace {

// After a rename the new directory entry is durable only once the directory itself is synced.
// Failing that is not worth an error: the file's contents are already on disk.
void syncDirectoryOf(const std::string &path) {
  const size_t slash = path.rfind('/');
  const std::string directory =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

} // namespace

void writeFileAtomically(const std::string &path, const std::vector<Bytes> &pieces,
                         const std::string &what) {
  // The temporary file is in the same directory, so the rename cannot cross file systems.
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  std::FILE *file = std::fopen(temporary.c_str(), "wb");
  if (!file)
    throw Error(CNN_ERROR_IO, "cannot write " + what + " " + path + ": " + std::strerror(errno));
  bool ok = true;
  for (size_t p = 0; ok && p < pieces.size(); ++p)
    ok = std::fwrite(pieces[p].data, 1, pieces[p].size, file) == pieces[p].size;
  ok = ok && std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  int error = ok ? 0 : (errno ? errno : EIO);
  if (std::fclose(file) != 0 && error == 0)
    error = errno;
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0)
    error = errno;
  if (error != 0) {
    std::remove(temporary.c_str());
    throw Error(CNN_ERROR_IO, "cannot write " + what + " " + path + ": " + std::strerror(error));
  }
  syncDirectoryOf(path);
}

} // namespace cnnrt
