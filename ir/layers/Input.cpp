// The model's inputs (Keras's InputLayer): their types.
#include "LayerArgs.h"

using namespace mlir;

namespace cnnc::cnn {

StringRef InputOp::getKerasClass() { return "InputLayer"; }

LogicalResult verifyInput(InputOp op) {
  auto type = op.output().getType().dyn_cast<RankedTensorType>();
  bool ok = type && type.getRank() >= 2 && type.getDimSize(0) == kBatch;
  for (int64_t d = 1; ok && d < type.getRank(); ++d)
    ok = type.getDimSize(d) > 0;
  if (!ok)
    return op.emitError() << "input '" << op.name()
                          << "' must be a tensor with a dynamic batch and static positive "
                             "dimensions, got "
                          << op.output().getType();
  return success();
}

// The data fed in: nothing computed.
double InputOp::getFlopsPerSample() { return 0.0; }
Optional<SumShape> InputOp::getSumShape(int64_t) { return llvm::None; }

// The data has no weight upstream, so no gradient reaches it and there is nothing to emit.
void InputOp::buildGradient(GradientBuilder &, Value) {}

} // namespace cnnc::cnn
