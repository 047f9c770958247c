// The temporary-file-and-rename writer behind weights, checkpoints and history files.
#include "AtomicFile.h"

#include "Errors.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace cnnrt {
namespace {

// The folder of `path`, and its name there.
std::string directoryOf(const std::string &path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}
std::string nameOf(const std::string &path) { return path.substr(path.rfind('/') + 1); }

// After a rename the new directory entry is durable only once the directory itself is synced.
// Failing that is not worth an error: the file's contents are already on disk.
void syncDirectoryOf(const std::string &path) {
  const int fd = ::open(directoryOf(path).c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

} // namespace

void removeStaleTemporaries(const std::string &path) {
  const std::string directory = directoryOf(path), prefix = nameOf(path) + ".tmp-";
  DIR *entries = ::opendir(directory.c_str());
  if (!entries)
    return;
  while (const dirent *entry = ::readdir(entries)) {
    const std::string name = entry->d_name;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.find_first_not_of("0123456789", prefix.size()) != std::string::npos ||
        name.size() - prefix.size() > 9)
      continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name.substr(prefix.size())));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
      std::remove((directory + "/" + name).c_str());
  }
  ::closedir(entries);
}

PendingFile::PendingFile(const std::string &path, const std::vector<Bytes> &pieces, unsigned mode)
    : path_(path), temporary_(path + ".tmp-" + std::to_string(::getpid())) {
  // The temporary file is in the same directory, so the rename cannot cross file systems.
  const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    error_ = errno;
    return;
  }
  for (const Bytes &piece : pieces) {
    const char *data = static_cast<const char *>(piece.data);
    for (size_t left = piece.size; left > 0 && error_ == 0;) {
      const ssize_t written = ::write(fd, data, left);
      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        error_ = written < 0 ? errno : EIO;
      else
        data += written, left -= static_cast<size_t>(written);
    }
  }
  if (error_ == 0 && ::fsync(fd) != 0)
    error_ = errno;
  if (::close(fd) != 0 && error_ == 0)
    error_ = errno;
}

PendingFile::~PendingFile() {
  if (!committed_)
    std::remove(temporary_.c_str());
}

int PendingFile::commit() {
  if (error_ == 0 && std::rename(temporary_.c_str(), path_.c_str()) != 0)
    error_ = errno;
  if (error_ != 0)
    return error_;
  committed_ = true;
  syncDirectoryOf(path_);
  removeStaleTemporaries(path_);
  return 0;
}

int replaceFile(const std::string &path, const std::vector<Bytes> &pieces, unsigned mode) {
  return PendingFile(path, pieces, mode).commit();
}

void writeFileAtomically(const std::string &path, const std::vector<Bytes> &pieces,
                         const std::string &what) {
  if (const int error = replaceFile(path, pieces))
    throw Error(CNN_ERROR_IO, "cannot write " + what + " " + path + ": " + std::strerror(error));
}

} // namespace cnnrt
