// Fuzz target: a Keras model config (config.json, or Keras 2's model_config attribute) mapped to a
// Model, as the importer maps it once the file is open.
#include "KerasConfig.h"
#include "KerasError.h"
#include "KerasFile.h"

#include <cstdint>
#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace cnnc::keras;
  for (Format format : {Format::Keras3, Format::Keras2}) {
    KerasFile file;
    file.format = format;
    file.modelConfig.assign(reinterpret_cast<const char *>(data), size);
    try {
      convertModel(file, cnnc::Location{std::make_shared<std::string>("fuzz.json")});
    } catch (const ImportError &) {
    } catch (const nlohmann::json::exception &) {
      // A value of another JSON type than Keras writes: importKeras reports it as an error too.
    }
  }
  return 0;
}
