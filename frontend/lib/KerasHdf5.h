// Read-only access to an HDF5 file held in memory: string attributes and float datasets.
#ifndef CNNC_FRONTEND_LIB_KERASHDF5_H
#define CNNC_FRONTEND_LIB_KERASHDF5_H

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

class Hdf5File {
public:
  /// Opens a file on disk; null when HDF5 cannot open it.
  static std::unique_ptr<Hdf5File> open(const std::string &path);
  /// Opens an in-memory image with HDF5's core driver; null when HDF5 cannot open it.
  static std::unique_ptr<Hdf5File> openImage(llvm::StringRef image);
  ~Hdf5File();
  Hdf5File(const Hdf5File &) = delete;
  Hdf5File &operator=(const Hdf5File &) = delete;

  /// The string attribute `name` of the object at `path` ("/" for the root); nullopt when the
  /// object or the attribute does not exist. A non-string attribute is an ImportError.
  std::optional<std::string> stringAttribute(const std::string &path, const char *name) const;
  /// Likewise for an attribute holding a list of strings (Keras 2's weight_names).
  std::optional<std::vector<std::string>> stringListAttribute(const std::string &path,
                                                              const char *name) const;
  /// The dataset at `path` converted to float32; nullopt when there is none. A dataset of
  /// integers or anything else that is not floating point is an ImportError naming `what`.
  std::optional<FloatArray> readFloats(const std::string &path, const std::string &what) const;

private:
  explicit Hdf5File(hid_t file) : file(file) {}
  bool exists(const std::string &path) const;

  hid_t file;
};

} // namespace cnnc::keras

#endif // CNNC_FRONTEND_LIB_KERASHDF5_H
