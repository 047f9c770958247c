// Fuzz target: a whole Keras file, a Keras 3 .keras archive or a Keras 2 .h5 file (the seeds hold
// both), imported as `cnnc model.keras` imports it: config, compile settings and weights.
#include "FuzzFile.h"

#include "cnnc/frontend/KerasImport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto imported = cnnc::importKeras(cnnc::fuzz::writeInput(data, size, "keras"));
  if (!imported)
    llvm::consumeError(imported.takeError());
  return 0;
}
