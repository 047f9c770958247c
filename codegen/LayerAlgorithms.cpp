// The Halide algorithm of every computing cnn op, channels innermost (Keras order reversed).
#include "KernelBuffers.h"
#include "LayerFuncs.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Params.h"

#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace Halide;

namespace cnnc {
namespace {

/// Softmax along the channels (Halide dimension 0) of `logits`.
Func softmaxOverChannels(Func logits, int channels, const std::vector<Var> &vars,
                         LayerFuncs &funcs) {
  RDom r(0, channels, "rc");
  std::vector<Expr> rest(vars.begin() + 1, vars.end());
  std::vector<Expr> atR{r.x};
  atR.insert(atR.end(), rest.begin(), rest.end());
  Func peak("peak"), exps("exps"), total("total"), out("softmax");
  peak(rest) = maximum(logits(atR));
  exps(vars) = exp(logits(vars) - peak(rest));
  total(rest) = sum(exps(atR));
  out(vars) = exps(vars) / total(rest);
  funcs.perSample = {logits, peak, exps, total};
  return out;
}

/// The layer's activation applied to `pre`, the pre-activation values.
Func activate(Func pre, cnn::Activation activation, int channels, const std::vector<Var> &vars,
              LayerFuncs &funcs) {
  Expr x = pre(vars), value;
  switch (activation) {
  case cnn::Activation::softmax:
    return softmaxOverChannels(pre, channels, vars, funcs);
  case cnn::Activation::relu:
    value = max(x, 0.0f);
    break;
  case cnn::Activation::sigmoid:
    value = 1.0f / (1.0f + exp(-x));
    break;
  case cnn::Activation::tanh:
    value = tanh(x);
    break;
  case cnn::Activation::linear:
    value = x;
    break;
  }
  Func out("activation");
  out(vars) = value;
  return out;
}

/// Parameters as Halide buffers (their Keras shapes reversed).
void declareParams(mlir::Operation *op, const std::string &prefix, LayerFuncs &funcs) {
  for (const cnn::ParamSpec &spec : cnn::layerParams(op)) {
    std::string role = spec.name.substr(spec.name.rfind('.') + 1);
    funcs.params.push_back(bufferParam(spec.shape, prefix + "_" + role));
  }
}

Expr biasOrZero(const LayerFuncs &funcs, bool useBias, Expr channel) {
  return useBias ? funcs.params[1](channel) : Expr(0.0f);
}

void defineConv(cnn::Conv2DOp conv, LayerFuncs &funcs) {
  auto inShape = shapeOf(conv.input());
  Window w = windowOf(conv, "kernel_size", inShape);
  Func in = padded(funcs.inputs[0], inShape, 0.0f);
  const ImageParam &kernel = funcs.params[0];
  Var c("c"), x("x"), y("y"), n("n");
  RDom r(0, (int)inShape[3], 0, w.kw, 0, w.kh, "r");
  Func acc("conv");
  acc(c, x, y, n) = biasOrZero(funcs, conv.use_bias(), c);
  acc(c, x, y, n) +=
      kernel(c, r.x, r.y, r.z) * in(r.x, x * w.sw + r.y - w.padLeft, y * w.sh + r.z - w.padTop, n);
  funcs.accumulator = acc;
  funcs.reduction = r;
  funcs.output = activate(acc, conv.activation(), (int)conv.filters(), {c, x, y, n}, funcs);
}

void defineDense(cnn::DenseOp dense, LayerFuncs &funcs) {
  int features = (int)shapeOf(dense.input())[1];
  Var o("c"), n("n");
  RDom r(0, features, "r");
  Func acc("dense");
  acc(o, n) = biasOrZero(funcs, dense.use_bias(), o);
  acc(o, n) += funcs.params[0](o, r) * funcs.inputs[0](r, n);
  funcs.accumulator = acc;
  funcs.reduction = r;
  funcs.output = activate(acc, dense.activation(), (int)dense.units(), {o, n}, funcs);
}

void defineConcat(cnn::ConcatOp concat, LayerFuncs &funcs) {
  auto outShape = shapeOf(concat.output());
  int rank = (int)outShape.size();
  int64_t axis = concat.axisAttr().getInt();
  if (axis < 0)
    axis += rank;
  int dim = rank - 1 - (int)axis; // the Halide dimension being joined
  std::vector<Var> vars = makeVars(rank);
  Expr value;
  int offset = 0;
  for (size_t i = 0; i < funcs.inputs.size(); ++i) {
    int extent = (int)shapeOf(concat.inputs()[i])[axis];
    std::vector<Expr> at = asExprs(vars);
    at[dim] = clamp(vars[dim] - offset, 0, extent - 1);
    value = i == 0 ? funcs.inputs[i](at) : select(vars[dim] < offset, value, funcs.inputs[i](at));
    offset += extent;
  }
  funcs.output = Func("concat");
  funcs.output(vars) = value;
}

void defineElementwise(mlir::Operation *op, LayerFuncs &funcs) {
  auto outShape = shapeOf(op->getResult(0));
  std::vector<Var> vars = makeVars(outShape.size());
  llvm::TypeSwitch<mlir::Operation *>(op)
      .Case([&](cnn::ReluOp) {
        funcs.output = Func("relu");
        funcs.output(vars) = max(funcs.inputs[0](vars), 0.0f);
      })
      .Case([&](cnn::SoftmaxOp) {
        Func logits("logits");
        logits(vars) = funcs.inputs[0](vars);
        funcs.output = softmaxOverChannels(logits, (int)outShape.back(), vars, funcs);
      })
      .Case([&](cnn::ActivationOp op) {
        Func pre("pre_activation");
        pre(vars) = funcs.inputs[0](vars);
        funcs.output = activate(pre, op.function(), (int)outShape.back(), vars, funcs);
      })
      .Case([&](cnn::AddOp) {
        Expr total = funcs.inputs[0](vars);
        for (size_t i = 1; i < funcs.inputs.size(); ++i)
          total = total + funcs.inputs[i](vars);
        funcs.output = Func("add");
        funcs.output(vars) = total;
      });
}

} // namespace

Func poolOf(Func input, mlir::Operation *pool) {
  bool isMax = mlir::isa<cnn::MaxPool2DOp>(pool);
  auto inShape = shapeOf(pool->getOperand(0));
  Window w = poolWindowOf(pool, inShape);
  float fill = isMax ? -std::numeric_limits<float>::infinity() : 0.0f;
  Func in = padded(input, inShape, fill);
  Var c("c"), x("x"), y("y"), n("n");
  RDom r(0, w.kw, 0, w.kh, "r");
  Expr value = in(c, x * w.sw - w.padLeft + r.x, y * w.sh - w.padTop + r.y, n);
  Func out("pool");
  if (isMax) {
    out(c, x, y, n) = maximum(value);
  } else {
    // Keras averages over the window's pixels inside the image only.
    out(c, x, y, n) = sum(value) / cast<float>(pixelsInWindow(w, inShape, x, y));
  }
  return out;
}

LayerFuncs defineLayer(mlir::Operation *op, const std::string &prefix) {
  LayerFuncs funcs;
  for (unsigned i = 0; i < op->getNumOperands(); ++i)
    funcs.inputs.push_back(
        bufferParam(shapeOf(op->getOperand(i)), prefix + "_in" + std::to_string(i)));
  declareParams(op, prefix, funcs);
  llvm::TypeSwitch<mlir::Operation *>(op)
      .Case([&](cnn::Conv2DOp conv) { defineConv(conv, funcs); })
      .Case<cnn::MaxPool2DOp, cnn::AvgPool2DOp>(
          [&](auto) { funcs.output = poolOf(funcs.inputs[0], op); })
      .Case([&](cnn::DenseOp dense) { defineDense(dense, funcs); })
      .Case([&](cnn::ConcatOp concat) { defineConcat(concat, funcs); })
      .Default([&](mlir::Operation *) { defineElementwise(op, funcs); });
  constrainDense(funcs.output.output_buffer(), halideExtents(shapeOf(op->getResult(0))));
  return funcs;
}

} // namespace cnnc
