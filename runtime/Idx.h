// Reading IDX files of unsigned bytes (the MNIST format), gzipped or not.
#ifndef CNNRT_IDX_H
#define CNNRT_IDX_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnnrt {

// The dimensions an IDX header announces and the data that follows it, row-major.
struct IdxArray {
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

// Images (magic 0x00000803): shape (N, H, W). Labels (magic 0x00000801): shape (N). Both throw
// cnnrt::Error naming the file: CNN_ERROR_IO when it cannot be opened or read, CNN_ERROR_FORMAT
// when its magic, header or length is wrong.
IdxArray readIdxImages(const std::string &path);
IdxArray readIdxLabels(const std::string &path);

} // namespace cnnrt

#endif // CNNRT_IDX_H
