// The importer's HDF5 files, read by libhdf5 in a child process: a damaged file that crashes or
// hangs libhdf5 (as some do, in H5HG_read or H5T__conv_vlen) is an ImportError, not the end of
// cnnc.
#ifndef CNNC_FRONTEND_LIB_KERASHDF5_H
#define CNNC_FRONTEND_LIB_KERASHDF5_H

#include "Hdf5Reader.h"

#include <sys/types.h>

#include <functional>

namespace cnnc::keras {

class Hdf5File {
public:
  /// Opens a file on disk; null when HDF5 cannot open it.
  static std::unique_ptr<Hdf5File> open(const std::string &path);
  /// Opens an in-memory image; null when HDF5 cannot open it.
  static std::unique_ptr<Hdf5File> openImage(llvm::StringRef image);
  ~Hdf5File();
  Hdf5File(const Hdf5File &) = delete;
  Hdf5File &operator=(const Hdf5File &) = delete;

  /// As Hdf5Reader's; an ImportError also when libhdf5 crashes or takes over 10 s reading it.
  std::optional<std::vector<std::string>> stringListAttribute(const std::string &path,
                                                              const char *name) const;
  /// The string attribute `name` of the object at `path`, as stringListAttribute reads it;
  /// an ImportError unless it holds exactly one string.
  std::optional<std::string> stringAttribute(const std::string &path, const char *name) const;
  /// As Hdf5Reader's, and an ImportError when libhdf5 crashes or hangs reading it.
  std::optional<FloatArray> readFloats(const std::string &path, const std::string &what) const;

private:
  Hdf5File(pid_t child, int socket) : child(child), socket(socket) {}
  static std::unique_ptr<Hdf5File> start(const std::function<std::unique_ptr<Hdf5Reader>()> &open);
  /// Sends a request, returns the child's answer: its kind and bytes; `what` names the read in
  /// the ImportError when the child dies or hangs.
  std::pair<char, std::string> ask(const std::string &request, const std::string &what) const;

  pid_t child;
  int socket;
};

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_KERASHDF5_H
