// The Halide algorithms of the optimizer updates: Adam and SGD, in place over flat parameters.
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
  bool adam = mlir::isa<cnn::AdamUpdateOp>(op);
  std::vector<std::string> roles{"gradient", "param", adam ? "m" : "velocity"};
  if (adam)
    roles.push_back("v");
  for (const std::string &role : roles)
    f.buffers.push_back(bufferParam({mlir::ShapedType::kDynamicSize}, prefix + "_" + role));
  f.scalar.emplace(Float(32), prefix + "_step");
  Expr step = *f.scalar;
  Var i("i");
  Expr g = f.buffers[0](i), w = f.buffers[1](i), slot = f.buffers[2](i);
  f.plan = TrainingPlan::Flat;
  f.output = Func(adam ? "adam" : "sgd");
  if (adam) {
    Expr m = slot + (g - slot) * (float)(1.0 - attrOf(op, "beta_1"));
    Expr v = f.buffers[3](i) + (g * g - f.buffers[3](i)) * (float)(1.0 - attrOf(op, "beta_2"));
    f.output(i) = Tuple(w - step * m / (sqrt(v) + (float)attrOf(op, "epsilon")), m, v);
  } else {
    Expr velocity = (float)attrOf(op, "momentum") * slot - step * g;
    f.output(i) = Tuple(w + velocity, velocity);
  }
  // Halide gives every output the first one's min and extent.
  for (OutputImageParam buffer : f.output.output_buffers())
    buffer.dim(0).set_stride(1);
  f.output.output_buffers()[0].dim(0).set_min(0);
}

} // namespace cnnc
