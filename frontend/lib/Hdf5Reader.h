// Read-only access to an HDF5 file through libhdf5, in the calling process. The importer uses it
// through Hdf5File, which runs it in a child process (a damaged file can crash or hang libhdf5).
#ifndef CNNC_FRONTEND_LIB_HDF5READER_H
#define CNNC_FRONTEND_LIB_HDF5READER_H

#include "KerasError.h"

#include "llvm/ADT/StringRef.h"

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cnnc::keras {

struct FloatArray {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// HDF5 prints its error stack to stderr unless told not to; the importer reports failures itself.
void silenceHdf5Errors();

class Hdf5Reader {
public:
  /// Opens a file on disk; null when HDF5 cannot open it.
  static std::unique_ptr<Hdf5Reader> open(const std::string &path);
  /// Opens an in-memory image with HDF5's core driver; null when HDF5 cannot open it.
  static std::unique_ptr<Hdf5Reader> openImage(llvm::StringRef image);
  ~Hdf5Reader();
  Hdf5Reader(const Hdf5Reader &) = delete;
  Hdf5Reader &operator=(const Hdf5Reader &) = delete;

  /// The attribute `name`, holding a list of strings (Keras 2's weight_names), of the object at
  /// `path` ("/" for the root); nullopt when the object or the attribute does not exist. A
  /// non-string attribute is an ImportError.
  std::optional<std::vector<std::string>> stringListAttribute(const std::string &path,
                                                              const char *name) const;
  /// The dataset at `path` converted to float32; nullopt when there is none. A dataset of
  /// integers or anything else that is not floating point is an ImportError naming `what`.
  std::optional<FloatArray> readFloats(const std::string &path, const std::string &what) const;

private:
  explicit Hdf5Reader(hid_t file) : file(file) {}
  bool exists(const std::string &path) const;

  hid_t file;
};

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_HDF5READER_H
