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
  removeStaleTemporaries(path);
}

} // namespace cnnrt
