// Floating-point work per sample of a kernel: what its op says (WorkInterface), summed over the
// layers of a fused op.
#include "cnnc/codegen/Flops.h"

#include "cnnc/ir/CnnDialect.h"

using namespace mlir;

namespace cnnc {

double flopsPerSample(Operation *op) {
  if (auto fused = dyn_cast<cnn::FusedOp>(op)) {
    double total = 0.0;
    for (Operation &layer : fused.body().front())
      total += flopsPerSample(&layer);
    return total;
  }
  auto work = dyn_cast<cnn::WorkInterface>(op);
  return work ? work.getFlopsPerSample() : 0.0;
}

} // namespace cnnc
