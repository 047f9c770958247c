// Comparing output files with input files by device and inode.
#include "OutputFiles.h"

#include <filesystem>
#include <sys/stat.h>

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

} // namespace cnn
