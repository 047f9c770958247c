// Reading and writing float32 NumPy .npy files (format versions 1.0 and 2.0, C order).
#ifndef CNN_TOOL_NPY_H
#define CNN_TOOL_NPY_H

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn::npy {

// A file that cannot be read or written, or holds something other than float32 in C order; the
// message names the file.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Array {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

Array read(const std::string &path);
void write(const std::string &path, const std::vector<int64_t> &shape, const float *data);

// NumPy's spelling of a shape: "(5, 28, 28)", "(10,)", "()".
std::string formatShape(const std::vector<int64_t> &shape);

} // namespace cnn::npy

#endif // CNN_TOOL_NPY_H
