// The layers of a cnn module in the order the runtime numbers them.
#ifndef CNNC_CODEGEN_MODELTABLE_H
#define CNNC_CODEGEN_MODELTABLE_H

#include "cnnc/codegen/LayerKernels.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace cnnc {

struct ModelTable {
  std::string name;
  bool functional = false;
  std::vector<mlir::Operation *> layers;    // every op of the model function but its output
  llvm::DenseMap<mlir::Value, int> layerOf; // result -> index in layers
  std::vector<int> inputs, outputs;         // layer indices
};

/// Reads the model function of a verified cnn module.
ModelTable readModelTable(mlir::ModuleOp module);

/// C source defining cnnc_generated_model() for `kernels` (runtime/include/cnn/model_desc.h).
std::string generateDescriptor(const ModelTable &table, const std::vector<LayerKernel> &kernels);

} // namespace cnnc

#endif // CNNC_CODEGEN_MODELTABLE_H
