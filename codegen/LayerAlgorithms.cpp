// The Halide algorithm of every computing cnn op, channels innermost (Keras order reversed).
#include "LayerFuncs.h"

#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/Params.h"
#include "cnnc/ir/Shapes.h"

#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace Halide;

namespace cnnc {
namespace {

/// Halide extents of a Keras shape: reversed, -1 for the batch.
std::vector<int64_t> halideExtents(llvm::ArrayRef<int64_t> kerasShape) {
  std::vector<int64_t> extents(kerasShape.rbegin(), kerasShape.rend());
  for (int64_t &extent : extents)
    if (extent == mlir::ShapedType::kDynamicSize)
      extent = -1;
  return extents;
}

/// Declares dense, zero-based strides and the static extents, so that Halide can check the
/// caller's buffers and simplify addressing.
void constrainDense(OutputImageParam buffer, const std::vector<int64_t> &extents) {
  Expr stride = 1;
  for (size_t d = 0; d < extents.size(); ++d) {
    buffer.dim(d).set_min(0).set_stride(stride);
    if (extents[d] >= 0) {
      buffer.dim(d).set_extent((int)extents[d]);
      stride = stride * (int)extents[d];
    } else {
      stride = stride * buffer.dim(d).extent();
    }
  }
}

ImageParam bufferParam(llvm::ArrayRef<int64_t> kerasShape, const std::string &name) {
  auto extents = halideExtents(kerasShape);
  ImageParam param(Float(32), (int)extents.size(), name);
  constrainDense(param, extents);
  return param;
}

llvm::ArrayRef<int64_t> shapeOf(mlir::Value value) {
  return value.getType().cast<mlir::ShapedType>().getShape();
}

std::vector<Var> makeVars(size_t rank) {
  static const char *names[] = {"c", "x", "y", "n"};
  std::vector<Var> vars;
  for (size_t d = 0; d < rank; ++d)
    vars.emplace_back(rank == 4 ? names[d] : (d == 0 ? "c" : "d" + std::to_string(d)));
  return vars;
}

std::vector<Expr> asExprs(const std::vector<Var> &vars) {
  return std::vector<Expr>(vars.begin(), vars.end());
}

int64_t intAt(mlir::ArrayAttr array, unsigned index) {
  return array[index].cast<mlir::IntegerAttr>().getInt();
}

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
Func activate(Func pre, llvm::StringRef activation, int channels, const std::vector<Var> &vars,
              LayerFuncs &funcs) {
  if (activation == "softmax")
    return softmaxOverChannels(pre, channels, vars, funcs);
  Func out("activation");
  out(vars) = activation == "relu" ? max(pre(vars), 0.0f) : pre(vars);
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

/// Padding before the first pixel along (height, width), and the input read through it.
struct Window {
  int kh, kw, sh, sw, padTop, padLeft;
};

Window windowOf(llvm::ArrayRef<int64_t> inShape, mlir::ArrayAttr size, mlir::ArrayAttr strides,
                bool same) {
  Window w{(int)intAt(size, 0),
           (int)intAt(size, 1),
           (int)intAt(strides, 0),
           (int)intAt(strides, 1),
           0,
           0};
  if (same) {
    w.padTop = (int)cnn::samePaddingBefore(inShape[1], w.kh, w.sh);
    w.padLeft = (int)cnn::samePaddingBefore(inShape[2], w.kw, w.sw);
  }
  return w;
}

/// The input extended with `value` outside its height and width.
Func padded(const ImageParam &input, llvm::ArrayRef<int64_t> inShape, float value) {
  Region bounds{Range(), Range(0, (int)inShape[2]), Range(0, (int)inShape[1]), Range()};
  return BoundaryConditions::constant_exterior(input, value, bounds);
}

void defineConv(cnn::Conv2DOp conv, LayerFuncs &funcs) {
  auto inShape = shapeOf(conv.input());
  Window w = windowOf(inShape, conv.kernel_size(), conv.strides(), conv.padding() == "same");
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

void definePool(mlir::Operation *op, mlir::ArrayAttr size, mlir::ArrayAttr strides, bool same,
                bool isMax, LayerFuncs &funcs) {
  auto inShape = shapeOf(op->getOperand(0));
  Window w = windowOf(inShape, size, strides, same);
  float fill = isMax ? -std::numeric_limits<float>::infinity() : 0.0f;
  Func in = padded(funcs.inputs[0], inShape, fill);
  Var c("c"), x("x"), y("y"), n("n");
  RDom r(0, w.kw, 0, w.kh, "r");
  Expr left = x * w.sw - w.padLeft, top = y * w.sh - w.padTop;
  Expr value = in(c, left + r.x, top + r.y, n);
  Func out("pool");
  if (isMax) {
    out(c, x, y, n) = maximum(value);
  } else {
    // Keras averages over the window's pixels inside the image only.
    Expr width = min(left + w.kw, (int)inShape[2]) - max(left, 0);
    Expr height = min(top + w.kh, (int)inShape[1]) - max(top, 0);
    out(c, x, y, n) = sum(value) / cast<float>(width * height);
  }
  funcs.output = out;
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
      .Case([&](cnn::AddOp) {
        Expr total = funcs.inputs[0](vars);
        for (size_t i = 1; i < funcs.inputs.size(); ++i)
          total = total + funcs.inputs[i](vars);
        funcs.output = Func("add");
        funcs.output(vars) = total;
      });
}

} // namespace

LayerFuncs defineLayer(mlir::Operation *op, const std::string &prefix) {
  LayerFuncs funcs;
  for (unsigned i = 0; i < op->getNumOperands(); ++i)
    funcs.inputs.push_back(
        bufferParam(shapeOf(op->getOperand(i)), prefix + "_in" + std::to_string(i)));
  declareParams(op, prefix, funcs);
  llvm::TypeSwitch<mlir::Operation *>(op)
      .Case([&](cnn::Conv2DOp conv) { defineConv(conv, funcs); })
      .Case([&](cnn::MaxPool2DOp pool) {
        definePool(op, pool.pool_size(), pool.strides(), pool.padding() == "same", true, funcs);
      })
      .Case([&](cnn::AvgPool2DOp pool) {
        definePool(op, pool.pool_size(), pool.strides(), pool.padding() == "same", false, funcs);
      })
      .Case([&](cnn::DenseOp dense) { defineDense(dense, funcs); })
      .Case([&](cnn::ConcatOp concat) { defineConcat(concat, funcs); })
      .Default([&](mlir::Operation *) { defineElementwise(op, funcs); });
  constrainDense(funcs.output.output_buffer(), halideExtents(shapeOf(op->getResult(0))));
  return funcs;
}

} // namespace cnnc
