// A model's weights, imported or from safetensors: checked against the layers, read and written.
#ifndef CNNC_TOOLS_CNNC_IMPORTEDWEIGHTS_H
#define CNNC_TOOLS_CNNC_IMPORTEDWEIGHTS_H

#include "cnnc/frontend/KerasImport.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace cnnc {

/// Succeeds when `weights` are exactly the parameters the layer ops of `module` take, with the
/// same shapes; else says which one is missing, extra or of the wrong shape.
llvm::Error checkWeights(mlir::ModuleOp module, const std::vector<WeightTensor> &weights);

/// The F32 tensors of the safetensors file `path`.
llvm::Expected<std::vector<WeightTensor>> readWeights(const std::string &path);

/// Writes `weights` to `path` as safetensors (atomically).
llvm::Error writeWeights(const std::string &path, const std::vector<WeightTensor> &weights);

} // namespace cnnc

#endif // CNNC_TOOLS_CNNC_IMPORTEDWEIGHTS_H
