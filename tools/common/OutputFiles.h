// Refusing an output file that is one of the command's inputs, or another of its outputs, before
// any work: writing it would destroy what is being read.
#ifndef CNN_TOOLS_OUTPUT_FILES_H
#define CNN_TOOLS_OUTPUT_FILES_H

#include <string>
#include <vector>

namespace cnn {

// A file a command reads or writes, and what the command calls it ("-o", "the model library").
struct NamedFile {
  std::string role;
  std::string path;
};

// Whether two paths name the same file: the same device and inode when both exist, else the
// same absolute path.
bool sameFile(const std::string &a, const std::string &b);

// "" when every output is a file of its own; else the first clash, as a message:
// "-o 'm.so' is the model library: writing it would destroy it; choose another file". Empty
// paths are left out.
std::string outputClash(const std::vector<NamedFile> &outputs,
                        const std::vector<NamedFile> &inputs);

// "" when every output's folder exists and may be written; else the first that may not, as a
// message ("--checkpoint 'out/c.st' cannot be written: no folder 'out'"). For commands whose
// work is long, so that they fail before it rather than after.
std::string unwritableOutput(const std::vector<NamedFile> &outputs);

} // namespace cnn

#endif // CNN_TOOLS_OUTPUT_FILES_H
