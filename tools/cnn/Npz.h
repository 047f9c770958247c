// Reading the arrays of a NumPy .npz file, the zip of .npy files that np.savez and
// np.savez_compressed write (members stored or deflated).
#ifndef CNN_TOOL_NPZ_H
#define CNN_TOOL_NPZ_H

#include "Npy.h"

#include <memory>

typedef struct zip zip_t;

namespace cnn::npy {

class NpzFile {
public:
  // Opens the archive; throws Error when it cannot be read or is not a zip file.
  explicit NpzFile(const std::string &path);
  ~NpzFile();
  NpzFile(const NpzFile &) = delete;
  NpzFile &operator=(const NpzFile &) = delete;

  // The arrays' names (the members' without ".npy"), in the archive's order.
  const std::vector<std::string> &names() const { return names_; }
  bool has(const std::string &name) const;
  // The array `name`, called "F.npz['name']" in messages; throws Error.
  StoredArray read(const std::string &name) const;
  // "'x', 'y'": the names for a message.
  std::string listNames() const;

private:
  struct Closer {
    void operator()(zip_t *archive) const;
  };
  std::string path_;
  std::unique_ptr<zip_t, Closer> archive_;
  std::vector<std::string> names_;
};

} // namespace cnn::npy

#endif // CNN_TOOL_NPZ_H
