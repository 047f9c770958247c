// Reading NumPy .npy arrays (format versions 1.0 and 2.0, C order, bool, integer and float data)
// and writing float32 ones.
#ifndef CNN_TOOL_NPY_H
#define CNN_TOOL_NPY_H

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn::npy {

// A file that cannot be read or written, or holds something cnn cannot read; the message names
// the file.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Array {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// An array as the file stores it: NumPy's type string ('<f4', '|u1', '<i8', ...) and the raw
// little-endian elements. `name` is what messages call it: the file, or "F.npz's 'x'".
struct StoredArray {
  std::string name;
  std::vector<int64_t> shape;
  std::string descr;
  std::vector<char> bytes;
};

// The array in `bytes`, the contents of a .npy file (whose memory it keeps).
StoredArray parse(std::vector<char> bytes, const std::string &name);
StoredArray readStored(const std::string &path);

// The elements converted, for any bool, signed or unsigned integer or float type (else Error).
std::vector<float> toFloat32(const StoredArray &array);
std::vector<double> toFloat64(const StoredArray &array);

// A float32 array, as cnn run takes it (other types are an Error).
Array read(const std::string &path);
void write(const std::string &path, const std::vector<int64_t> &shape, const float *data);

// NumPy's spelling of a shape: "(5, 28, 28)", "(10,)", "()".
std::string formatShape(const std::vector<int64_t> &shape);

} // namespace cnn::npy

#endif // CNN_TOOL_NPY_H
