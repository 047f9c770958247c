// The Halide algorithms of the gradients of Conv2D and Dense layers: input, kernel and bias.
#include "KernelBuffers.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace Halide;

namespace cnnc {
namespace {

/// The sum `acc` as the op's output, computed per output tile by the BlockedReduction plan.
void sumPerTile(Func acc, TrainingFuncs &f) {
  f.plan = TrainingPlan::BlockedReduction;
  f.accumulator = acc;
  f.output = Func(acc.name() + "_out");
  f.output(acc.args()) = acc(acc.args());
}

/// Each input pixel collects kernel(tap) * gradient(output pixel) over the output pixels whose
/// window covers it with that tap: a stride-1 correlation with the kernel, whose input channels
/// go innermost, over the gradient spread onto the input's grid (zeros between strided outputs
/// and outside the image), so that the sum reads both densely.
void defineConvGradInput(mlir::Operation *op, const std::string &prefix, TrainingFuncs &f) {
  auto gShape = shapeOf(op->getOperand(0)), inShape = shapeOf(op->getResult(0));
  Window w = windowOf(op, "kernel_size", inShape);
  int filters = (int)gShape[3], channels = (int)inShape[3];
  ImageParam kernel =
      bufferParam(std::vector<int64_t>{w.kh, w.kw, channels, filters}, prefix + "_kernel");
  f.buffers.push_back(kernel);
  Var c("c"), x("x"), y("y"), n("n"), k("k");
  Func byInput("kernel_by_input");
  byInput(c, k, x, y) = kernel(k, c, x, y);
  Func bounded = padded(f.buffers[0], gShape, 0.0f);
  Func spread("gradient_spread");
  spread(c, x, y, n) =
      select(x % w.sw == 0 && y % w.sh == 0, bounded(c, x / w.sw, y / w.sh, n), 0.0f);
  RDom r(0, filters, 0, w.kw, 0, w.kh, "r");
  Func acc("conv_grad_input");
  acc(c, x, y, n) = 0.0f;
  acc(c, x, y, n) +=
      byInput(c, r.x, r.y, r.z) * spread(r.x, x + w.padLeft - r.y, y + w.padTop - r.z, n);
  f.staged = {{byInput, channels, true}, {spread, filters, false, true}};
  sumPerTile(acc, f);
}

/// kernel(k, c, tap) sums gradient(k, pixel) * input(c, pixel's tap) over the batch's pixels; the
/// input is copied with its zero padding first so that the sum reads it unconditionally.
void defineConvGradKernel(mlir::Operation *op, TrainingFuncs &f) {
  auto gShape = shapeOf(op->getOperand(0)), inShape = shapeOf(op->getOperand(1));
  Window w = windowOf(op, "kernel_size", inShape);
  const ImageParam &gradient = f.buffers[0];
  Func bounded = padded(f.buffers[1], inShape, 0.0f);
  Var k("k"), c("c"), x("x"), y("y"), n("n");
  Func input("input_padded");
  input(c, x, y, n) = bounded(c, x, y, n);
  RDom r(0, (int)gShape[2], 0, (int)gShape[1], 0, gradient.dim(3).extent(), "r");
  Func acc("conv_grad_kernel");
  acc(k, c, x, y) = 0.0f;
  acc(k, c, x, y) += gradient(k, r.x, r.y, r.z) *
                     input(c, r.x * w.sw + x - w.padLeft, r.y * w.sh + y - w.padTop, r.z);
  f.staged = {{input, (int)inShape[3]}};
  sumPerTile(acc, f);
}

/// input(i, n) sums kernel(o, i) * gradient(o, n) over the units, with the kernel transposed once
/// so that the inputs go innermost. The gradient repeats its last sample, as the schedule sums
/// whole blocks of samples.
void defineDenseGradInput(mlir::Operation *op, const std::string &prefix, TrainingFuncs &f) {
  int units = (int)shapeOf(op->getOperand(0))[1], features = (int)shapeOf(op->getResult(0))[1];
  ImageParam kernel = bufferParam(std::vector<int64_t>{features, units}, prefix + "_kernel");
  f.buffers.push_back(kernel);
  const ImageParam &gradient = f.buffers[0];
  Func clamped =
      BoundaryConditions::repeat_edge(gradient, {Range(), Range(0, gradient.dim(1).extent())});
  Var i("c"), o("o"), n("n");
  Func byInput("kernel_by_input");
  byInput(i, o) = kernel(o, i);
  RDom r(0, units, "r");
  Func acc("dense_grad_input");
  acc(i, n) = 0.0f;
  acc(i, n) += byInput(i, r) * clamped(r, n);
  f.staged = {{byInput, features, true}};
  sumPerTile(acc, f);
}

/// kernel(o, i) sums gradient(o, n) * input(i, n) over the batch.
void defineDenseGradKernel(TrainingFuncs &f) {
  const ImageParam &gradient = f.buffers[0], &input = f.buffers[1];
  Var o("c"), i("i");
  RDom r(0, gradient.dim(1).extent(), "r");
  Func acc("dense_grad_kernel");
  acc(o, i) = 0.0f;
  acc(o, i) += gradient(o, r) * input(i, r);
  sumPerTile(acc, f);
}

/// bias(c) sums the gradient over the batch and the pixels.
void defineBiasGradient(TrainingFuncs &f) {
  const ImageParam &gradient = f.buffers[0];
  Region domain;
  for (int d = 1; d < gradient.dimensions(); ++d)
    domain.emplace_back(0, gradient.dim(d).extent());
  RDom r(domain, "r");
  Var c("c");
  std::vector<Expr> at{c};
  for (int d = 0; d < r.dimensions(); ++d)
    at.push_back(r[d]);
  Func acc("bias_grad");
  acc(c) = 0.0f;
  acc(c) += gradient(at);
  f.plan = TrainingPlan::ChannelSum;
  f.accumulator = acc;
  f.output = Func("bias_grad_out");
  f.output(c) = acc(c);
}

} // namespace

void defineWeightGradient(mlir::Operation *op, const std::string &prefix, TrainingFuncs &funcs) {
  llvm::TypeSwitch<mlir::Operation *>(op)
      .Case([&](cnn::Conv2DGradInputOp) { defineConvGradInput(op, prefix, funcs); })
      .Case([&](cnn::Conv2DGradKernelOp) { defineConvGradKernel(op, funcs); })
      .Case([&](cnn::DenseGradInputOp) { defineDenseGradInput(op, prefix, funcs); })
      .Case([&](cnn::DenseGradKernelOp) { defineDenseGradKernel(funcs); })
      .Case([&](cnn::BiasGradOp) { defineBiasGradient(funcs); });
}

} // namespace cnnc
