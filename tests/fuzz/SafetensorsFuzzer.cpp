// Fuzz target: a safetensors file (weights, checkpoints) as the runtime parses it.
#include "Errors.h"
#include "Safetensors.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    cnnrt::safetensors::File file =
        cnnrt::safetensors::parse("fuzz.safetensors", reinterpret_cast<const char *>(data), size);
    for (const auto &tensor : file.tensors)
      file.find(tensor.name);
  } catch (const cnnrt::Error &) {
  }
  return 0;
}
