// importKeras: open the file, map its config to a Model, read the weights the Model needs.
#include "KerasConfig.h"
#include "KerasWeights.h"

#include "cnnc/frontend/KerasImport.h"

namespace cnnc {

llvm::Expected<KerasModel> importKeras(const std::string &path) {
  try {
    keras::KerasFile file = keras::openKerasFile(path);
    KerasModel imported;
    imported.model = keras::convertModel(file, Location{std::make_shared<std::string>(path)});
    imported.weights = keras::readWeights(file, imported.model);
    return imported;
  } catch (const keras::ImportError &error) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), error.what());
  } catch (const nlohmann::json::exception &error) {
    // A value of another JSON type than Keras writes, where no check names it.
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   std::string("unexpected model config: ") + error.what());
  }
}

} // namespace cnnc
