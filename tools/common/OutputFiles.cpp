// Comparing output files with input files by device and inode.
#include "OutputFiles.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace cnn {

bool sameFile(const std::string &a, const std::string &b) {
  struct stat first, second;
  if (::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0)
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino;
  std::error_code ignored;
  return std::filesystem::weakly_canonical(a, ignored) ==
         std::filesystem::weakly_canonical(b, ignored);
}

std::string outputClash(const std::vector<NamedFile> &outputs,
                        const std::vector<NamedFile> &inputs) {
  for (size_t o = 0; o < outputs.size(); ++o) {
    const NamedFile &output = outputs[o];
    if (output.path.empty())
      continue;
    auto clash = [&](const NamedFile &other, const std::string &what) {
      return output.role + " '" + output.path + "' is " + what + other.role +
             ": writing it would destroy it; choose another file";
    };
    for (const NamedFile &input : inputs)
      if (!input.path.empty() && sameFile(output.path, input.path))
        return clash(input, "");
    for (size_t earlier = 0; earlier < o; ++earlier)
      if (!outputs[earlier].path.empty() && sameFile(output.path, outputs[earlier].path))
        return clash(outputs[earlier], "also ");
  }
  return "";
}

std::string unwritableOutput(const std::vector<NamedFile> &outputs) {
  for (const NamedFile &output : outputs) {
    if (output.path.empty())
      continue;
    std::filesystem::path folder = std::filesystem::path(output.path).parent_path();
    if (folder.empty())
      folder = ".";
    std::error_code error;
    const std::string start = output.role + " '" + output.path + "' cannot be written: ";
    if (!std::filesystem::is_directory(folder, error))
      return start + "no folder '" + folder.string() + "'";
    if (::access(folder.c_str(), W_OK) != 0)
      return start + "the folder '" + folder.string() + "' is not writable (" +
             std::strerror(errno) + ")";
  }
  return "";
}

} // namespace cnn
