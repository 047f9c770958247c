// The bounded whole-file reader behind weights, checkpoints and NumPy arrays.
#include "ReadFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cnnrt {

std::string readWholeFile(const std::string &path, std::vector<char> &bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return std::strerror(errno);
  struct stat status {};
  const bool regular = ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode);
  // One byte past the limit tells a stream that holds more from one that ends there.
  const size_t limit = regular ? static_cast<size_t>(status.st_size) : kMaxStreamBytes + 1;
  bytes.clear();
  std::string problem;
  try {
    bytes.resize(regular ? limit : std::min<size_t>(limit, size_t(1) << 20));
    size_t done = 0;
    while (done < limit) {
      if (done == bytes.size())
        bytes.resize(std::min(limit, 2 * bytes.size()));
      const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0) {
        problem = std::strerror(errno);
        break;
      }
      if (got == 0)
        break;
      done += static_cast<size_t>(got);
    }
    bytes.resize(done);
    if (!regular && done > kMaxStreamBytes)
      problem = "it is not a regular file and holds more than " +
                std::to_string(kMaxStreamBytes >> 20) + " MiB";
  } catch (const std::bad_alloc &) {
    problem = "not enough memory to read its " + std::to_string(limit) + " bytes";
  }
  ::close(fd);
  return problem;
}

} // namespace cnnrt
