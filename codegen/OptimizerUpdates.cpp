// The Halide algorithms of the optimizer updates: Adam, SGD and RMSprop, in place over flat
// parameters.
#include "KernelBuffers.h"
#include "TrainingFuncs.h"

#include "cnnc/ir/CnnDialect.h"

using namespace Halide;

namespace cnnc {
namespace {

double attrOf(mlir::Operation *op, llvm::StringRef name) {
  return op->getAttrOfType<mlir::FloatAttr>(name).getValueAsDouble();
}

} // namespace

// One pointwise stage computes every new value from the old ones of the same element, so that
// updating in place (the runtime passes the same memory as input and output) reads each element
// before writing it.
void defineOptimizerUpdate(mlir::Operation *op, const std::string &prefix, TrainingFuncs &f) {
  bool adam = mlir::isa<cnn::AdamUpdateOp>(op), rmsprop = mlir::isa<cnn::RmspropUpdateOp>(op);
  std::vector<std::string> roles{"gradient", "param", adam ? "m" : "velocity"};
  if (cnn::optimizerSlots(op) == 2)
    roles.push_back(adam ? "v" : "momentum");
  for (const std::string &role : roles)
    f.buffers.push_back(bufferParam({mlir::ShapedType::kDynamicSize}, prefix + "_" + role));
  Expr step = f.scalars.emplace_back(Float(32), prefix + "_step");
  Var i("i");
  Expr g = f.buffers[0](i), w = f.buffers[1](i), slot = f.buffers[2](i);
  f.plan = TrainingPlan::Flat;
  f.output = Func(adam ? "adam" : rmsprop ? "rmsprop" : "sgd");
  const float momentum = rmsprop || !adam ? (float)attrOf(op, "momentum") : 0.0f;
  if (adam) {
    Expr m = slot + (g - slot) * (float)(1.0 - attrOf(op, "beta_1"));
    Expr v = f.buffers[3](i) + (g * g - f.buffers[3](i)) * (float)(1.0 - attrOf(op, "beta_2"));
    f.output(i) = Tuple(w - step * m / (sqrt(v) + (float)attrOf(op, "epsilon")), m, v);
  } else if (rmsprop) {
    const float rho = (float)attrOf(op, "rho");
    Expr v = rho * slot + (1.0f - rho) * g * g;
    Expr increment = step * g / sqrt(v + (float)attrOf(op, "epsilon"));
    if (f.buffers.size() == 4) {
      Expr m = momentum * f.buffers[3](i) + increment;
      f.output(i) = Tuple(w - m, v, m);
    } else {
      f.output(i) = Tuple(w - increment, v);
    }
  } else {
    Expr velocity = momentum * slot - step * g;
    auto nesterov = op->getAttrOfType<mlir::BoolAttr>("nesterov");
    Expr next = nesterov && nesterov.getValue() ? w + momentum * velocity - step * g : w + velocity;
    f.output(i) = Tuple(next, velocity);
  }
  // Halide gives every output the first one's min and extent.
  for (OutputImageParam buffer : f.output.output_buffers())
    buffer.dim(0).set_stride(1);
  f.output.output_buffers()[0].dim(0).set_min(0);
}

} // namespace cnnc
