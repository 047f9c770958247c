// The layers of a cnn module in the order the runtime numbers them.
#ifndef CNNC_CODEGEN_MODELTABLE_H
#define CNNC_CODEGEN_MODELTABLE_H

#include "cnnc/codegen/LayerKernels.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <string>
#include <vector>

namespace cnnc {

struct ModelTable {
  std::string name;
  bool functional = false;
  mlir::DictionaryAttr fit;                 // the model file's fit() settings (cnn.fit), or null
  std::vector<mlir::Operation *> layers;    // every op of the model function but its output
  llvm::DenseMap<mlir::Value, int> layerOf; // result -> index in layers
  std::vector<int> inputs, outputs;         // layer indices
  // A fused op computes the output of its last layer from its first layer's inputs.
  llvm::DenseMap<mlir::Operation *, mlir::Operation *> fusedOpOf; // last layer -> fused op
  llvm::DenseMap<mlir::Operation *, int> fusedFrom;               // fused op -> first layer
};

/// Reads the layers of the model function of a verified cnn module (not its training graph),
/// those inside fused ops included.
ModelTable readModelTable(mlir::ModuleOp module);

/// The model's entry point: cnnc_model_<name>, returning its cnn_model_desc.
std::string entryPointName(llvm::StringRef modelName);

/// What the descriptor's source holds besides the model's table.
struct DescriptorExtras {
  bool loadable = false; // also defines CNN_LOADABLE_MODEL_SYMBOL, for cnn_open (M.so)
  // The name of a safetensors file to compile in (.incbin, found on the assembler's include
  // path, so that the source does not depend on where it is), or "".
  std::string weightsFile;
  uint64_t weightsSize = 0;
};

/// The global symbols of a model's library: its entry point, and for cnn_open the loadable one.
std::vector<std::string> entryPoints(llvm::StringRef modelName, const DescriptorExtras &extras);

/// C source defining the model's entry point (runtime/include/cnn/model_desc.h) with the layers'
/// `layerKernels`, and the training program `train` defined by `trainingSource` (see
/// TrainingTable.h), which calls `trainingKernels`; no training program when it is empty. Only
/// the entry points have default visibility.
std::string generateDescriptor(const ModelTable &table,
                               const std::vector<LayerKernel> &layerKernels,
                               const std::vector<LayerKernel> &trainingKernels,
                               const std::string &trainingSource, const DescriptorExtras &extras);

/// A C string literal.
std::string cString(llvm::StringRef text);

/// A C initializer list of numbers.
template <typename Range> std::string braced(const Range &values) {
  std::string out = "{";
  for (auto value : llvm::enumerate(values))
    out += (value.index() ? ", " : "") + std::to_string(value.value());
  return out + "}";
}

} // namespace cnnc

#endif // CNNC_CODEGEN_MODELTABLE_H
