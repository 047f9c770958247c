// Keras's arithmetic for sliding windows (convolution and pooling) along one axis.
#include "cnnc/ir/Shapes.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace cnnc::cnn {

int64_t windowOutputSize(int64_t input, int64_t window, int64_t stride, bool same) {
  if (same)
    return (input + stride - 1) / stride;
  if (input < window)
    return 0;
  return (input - window) / stride + 1;
}

int64_t samePaddingBefore(int64_t input, int64_t window, int64_t stride) {
  int64_t output = windowOutputSize(input, window, stride, /*same=*/true);
  int64_t total = std::max<int64_t>((output - 1) * stride + window - input, 0);
  return total / 2;
}

std::string kerasShape(mlir::Type type) {
  auto shaped = type.dyn_cast<mlir::ShapedType>();
  if (!shaped || !shaped.hasRank())
    return "(?)";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "(";
  for (auto dim : llvm::enumerate(shaped.getShape())) {
    if (dim.index())
      os << ", ";
    if (dim.value() == mlir::ShapedType::kDynamicSize)
      os << "None";
    else
      os << dim.value();
  }
  os << (shaped.getRank() == 1 ? ",)" : ")");
  return os.str();
}

} // namespace cnnc::cnn
