// Keras's Conv2D: its arguments and output shape, weights, floating-point work and backward ops.
#include "LayerArgs.h"

#include "cnnc/ir/GradientBuilder.h"

using namespace mlir;

namespace cnnc::cnn {

// The attributes its backward ops copy.
static const StringRef kConvAttrs[] = {"kernel_size", "strides", "padding"};

StringRef Conv2DOp::getKerasClass() { return "Conv2D"; }

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *context, Optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attrs, RegionRange,
                                         SmallVectorImpl<Type> &results) {
  LayerArgs args(attrs, loc, getKerasClass());
  auto filters = args.positive("filters");
  auto activation = args.choice<Activation>("activation");
  if (failed(filters) || failed(activation) || failed(args.boolean("use_bias")))
    return failure();
  return inferWindowed(context, args, operands[0], "kernel_size", *filters, results);
}

static int64_t kernelExtent(ArrayAttr kernelSize, unsigned axis) {
  return kernelSize[axis].cast<IntegerAttr>().getInt();
}

std::vector<ParamSpec> Conv2DOp::getWeights() {
  int64_t kh = kernelExtent(kernel_size(), 0), kw = kernelExtent(kernel_size(), 1);
  return kernelAndBias(name(), {kh, kw, shapeOf(input()).back(), (int64_t)filters()}, kh * kw,
                       use_bias());
}

/// 2 * OH * OW * Cout * KH * KW * Cin from the output `out` (batch, OH, OW, Cout) of the
/// convolution, its input channels and its kernel_size.
static double convolutionFlops(ArrayRef<int64_t> out, int64_t inChannels, ArrayAttr kernelSize) {
  return 2.0 * static_cast<double>(out[1] * out[2] * out[3]) *
         static_cast<double>(kernelExtent(kernelSize, 0) * kernelExtent(kernelSize, 1)) *
         static_cast<double>(inChannels);
}

double Conv2DOp::getFlopsPerSample() {
  return convolutionFlops(shapeOf(output()), shapeOf(input()).back(), kernel_size());
}

// (batch, OH, OW, Cout) -> (batch, H, W, Cin): the forward multiply-adds in another order.
double Conv2DGradInputOp::getFlopsPerSample() {
  return convolutionFlops(shapeOf(inputs()[0]), shapeOf(output()).back(), kernel_size());
}

// (batch, OH, OW, Cout), input -> (KH, KW, Cin, Cout).
double Conv2DGradKernelOp::getFlopsPerSample() {
  return convolutionFlops(shapeOf(inputs()[0]), shapeOf(inputs()[1]).back(), kernel_size());
}

static int64_t taps(ArrayAttr kernelSize) {
  return kernelExtent(kernelSize, 0) * kernelExtent(kernelSize, 1);
}

// Each output (batch, OH, OW, Cout) sums Cin * KH * KW products, blocked along its width and
// height.
Optional<SumShape> Conv2DOp::getSumShape(int64_t) {
  ArrayRef<int64_t> out = shapeOf(output());
  return SumShape{out[3], out[2], out[1], shapeOf(input()).back() * taps(kernel_size())};
}

// Each input pixel (batch, H, W, Cin) sums Cout * KH * KW products.
Optional<SumShape> Conv2DGradInputOp::getSumShape(int64_t) {
  ArrayRef<int64_t> out = shapeOf(output());
  return SumShape{out[3], out[2], out[1], shapeOf(inputs()[0]).back() * taps(kernel_size())};
}

// Each weight (KH, KW, Cin, Cout) sums over every output pixel of the batch; its tiles block
// the input channels, the kernel columns and, when those are few, its rows.
Optional<SumShape> Conv2DGradKernelOp::getSumShape(int64_t batch) {
  ArrayRef<int64_t> out = shapeOf(output()), gradient = shapeOf(inputs()[0]);
  return SumShape{out[3], out[2], out[1], batch * gradient[1] * gradient[2], true, out[0]};
}

Activation Conv2DOp::getActivationFunction() { return activation(); }

void Conv2DOp::buildGradient(GradientBuilder &builder, Value gradient) {
  builder.backwardThroughActivation(*this, gradient);
}

void Conv2DOp::buildGradientBeforeActivation(GradientBuilder &builder, Value gradient) {
  builder.backwardWeighted<Conv2DGradKernelOp, Conv2DGradInputOp>(*this, input(), gradient,
                                                                  kConvAttrs);
}

} // namespace cnnc::cnn
