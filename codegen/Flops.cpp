// Floating-point work per sample of the ops with matrix work: convolutions, dense layers and their
// gradients, which do the same multiply-adds as their forward op in another order.
#include "cnnc/codegen/Flops.h"

#include "cnnc/ir/CnnDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace cnnc {
namespace {

ArrayRef<int64_t> shapeOf(Value value) { return value.getType().cast<ShapedType>().getShape(); }

/// 2 * OH * OW * Cout * KH * KW * Cin from the output `out` (batch, OH, OW, Cout), the input
/// channels and the kernel_size attribute.
double convFlops(Operation *op, ArrayRef<int64_t> out, int64_t inChannels) {
  double taps = 1.0;
  for (Attribute extent : op->getAttrOfType<ArrayAttr>("kernel_size"))
    taps *= static_cast<double>(extent.cast<IntegerAttr>().getInt());
  return 2.0 * static_cast<double>(out[1] * out[2] * out[3]) * taps *
         static_cast<double>(inChannels);
}

} // namespace

double flopsPerSample(Operation *op) {
  if (auto fused = dyn_cast<cnn::FusedOp>(op)) {
    double total = 0.0;
    for (Operation &layer : fused.body().front())
      total += flopsPerSample(&layer);
    return total;
  }
  if (isa<cnn::Conv2DOp>(op)) // (batch, H, W, Cin) -> (batch, OH, OW, Cout)
    return convFlops(op, shapeOf(op->getResult(0)), shapeOf(op->getOperand(0)).back());
  if (isa<cnn::Conv2DGradInputOp>(op)) // (batch, OH, OW, Cout) -> (batch, H, W, Cin)
    return convFlops(op, shapeOf(op->getOperand(0)), shapeOf(op->getResult(0)).back());
  if (isa<cnn::Conv2DGradKernelOp>(op)) // (batch, OH, OW, Cout), input -> (KH, KW, Cin, Cout)
    return convFlops(op, shapeOf(op->getOperand(0)), shapeOf(op->getOperand(1)).back());
  // Dense (batch, In) -> (batch, Out) and its input gradient (batch, Out) -> (batch, In).
  if (isa<cnn::DenseOp, cnn::DenseGradInputOp>(op))
    return 2.0 * static_cast<double>(shapeOf(op->getOperand(0)).back()) *
           static_cast<double>(shapeOf(op->getResult(0)).back());
  if (isa<cnn::DenseGradKernelOp>(op)) { // -> (In, Out)
    ArrayRef<int64_t> kernel = shapeOf(op->getResult(0));
    return 2.0 * static_cast<double>(kernel[0]) * static_cast<double>(kernel[1]);
  }
  return 0.0;
}

} // namespace cnnc
