// Fuzz target: model-language source, parsed and analyzed as cnnc reads a .cnn file.
#include "cnnc/frontend/Frontend.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SourceMgr sources;
  sources.setDiagHandler([](const llvm::SMDiagnostic &, void *) {}); // errors are expected
  const unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.cnn"),
      llvm::SMLoc());
  if (auto ast = cnnc::parseModel(sources, buffer))
    cnnc::analyzeModel(*ast, sources);
  return 0;
}
