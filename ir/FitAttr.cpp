// The keys of the model function's `cnn.fit` attribute.
#include "cnnc/ir/FitAttr.h"

namespace cnnc::cnn {

llvm::ArrayRef<llvm::StringLiteral> fitSettingKeys() {
  static const llvm::StringLiteral keys[] = {"epochs",     "batch_size", "validation_split",
                                             "shuffle",    "patience",   "restore_best_weights",
                                             "checkpoint", "history"};
  return keys;
}

} // namespace cnnc::cnn
