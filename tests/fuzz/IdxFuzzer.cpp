// Fuzz target: an IDX file, plain or gzipped, read as images and as labels (Fashion-MNIST's
// format).
#include "FuzzFile.h"

#include "Errors.h"
#include "Idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string path = cnnc::fuzz::writeInput(data, size, "idx");
  for (auto read : {cnnrt::readIdxImages, cnnrt::readIdxLabels}) {
    try {
      read(path);
    } catch (const cnnrt::Error &) {
    }
  }
  return 0;
}
