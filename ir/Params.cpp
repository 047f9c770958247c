// The trainable parameters a layer op implies, in Keras layout, and their count.
#include "cnnc/ir/Params.h"
#include "cnnc/ir/CnnDialect.h"

using namespace mlir;

namespace cnnc::cnn {

static int64_t channelsOf(Value value) {
  return value.getType().cast<ShapedType>().getShape().back();
}

static std::vector<ParamSpec> kernelAndBias(Operation *op, std::vector<int64_t> kernelShape,
                                            int64_t receptive, bool useBias) {
  std::string layer = layerName(op).str();
  int64_t in = kernelShape[kernelShape.size() - 2], out = kernelShape.back();
  std::vector<ParamSpec> params{{layer + ".kernel", kernelShape, in * receptive, out * receptive}};
  if (useBias)
    params.push_back({layer + ".bias", {out}, 0, 0});
  return params;
}

std::vector<ParamSpec> layerParams(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    auto kernel = conv.kernel_size().getValue();
    int64_t kh = kernel[0].cast<IntegerAttr>().getInt();
    int64_t kw = kernel[1].cast<IntegerAttr>().getInt();
    return kernelAndBias(op, {kh, kw, channelsOf(conv.input()), (int64_t)conv.filters()}, kh * kw,
                         conv.use_bias());
  }
  if (auto dense = dyn_cast<DenseOp>(op))
    return kernelAndBias(op, {channelsOf(dense.input()), (int64_t)dense.units()}, 1,
                         dense.use_bias());
  return {};
}

int64_t countParams(Operation *op) {
  int64_t total = 0;
  for (const ParamSpec &param : layerParams(op)) {
    int64_t size = 1;
    for (int64_t dim : param.shape)
      size *= dim;
    total += size;
  }
  return total;
}

} // namespace cnnc::cnn
