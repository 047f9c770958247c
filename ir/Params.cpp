// The weights a layer op implies, in Keras layout, and their count.
#include "cnnc/ir/Params.h"
#include "cnnc/ir/CnnDialect.h"

using namespace mlir;

namespace cnnc::cnn {

std::vector<ParamSpec> kernelAndBias(StringRef layer, std::vector<int64_t> kernelShape,
                                     int64_t receptive, bool useBias) {
  int64_t in = kernelShape[kernelShape.size() - 2], out = kernelShape.back();
  std::vector<ParamSpec> params{
      {(layer + ".kernel").str(), kernelShape, in * receptive, out * receptive}};
  if (useBias)
    params.push_back({(layer + ".bias").str(), {out}, 0, 0});
  return params;
}

std::vector<ParamSpec> layerParams(Operation *op) {
  auto layer = dyn_cast<LayerInterface>(op);
  return layer ? layer.getWeights() : std::vector<ParamSpec>{};
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
