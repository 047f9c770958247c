// The floating-point work of one kernel call, per sample, from its op's shapes.
#ifndef CNNC_CODEGEN_FLOPS_H
#define CNNC_CODEGEN_FLOPS_H

#include "mlir/IR/Operation.h"

namespace cnnc {

/// Floating-point operations per sample of the kernel computing `op` (a layer or a training op),
/// a multiply-add counting 2, as the op's WorkInterface says (every layer, the backward ops of
/// matrix work); a fused op's layers summed. Only matrix work counts (convolutions, dense layers
/// and their gradients); the other training ops move data (elementwise, updates) and count 0.
double flopsPerSample(mlir::Operation *op);

} // namespace cnnc

#endif // CNNC_CODEGEN_FLOPS_H
