// Fuzz target: a NumPy .npy file as cnn run and cnn train read it, converted to float32.
#include "Npy.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    const cnn::npy::StoredArray array =
        cnn::npy::parse(std::vector<char>(data, data + size), "fuzz.npy");
    cnn::npy::toFloat32(array);
  } catch (const cnn::npy::Error &) {
  }
  return 0;
}
