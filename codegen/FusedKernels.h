// The kernel of a cnn.fused op: a convolution's tiles computed inside its pooling's rows.
#ifndef CNNC_CODEGEN_FUSEDKERNELS_H
#define CNNC_CODEGEN_FUSEDKERNELS_H

#include "cnnc/codegen/LayerKernels.h"
#include "cnnc/ir/CnnDialect.h"

namespace cnnc {

/// Builds the scheduled pipeline of `op`: its conv's arguments (input, kernel, bias), and its
/// first result, the pooled ReLU output, or with `keepWinners` both results (the pooled output
/// and the winners of max pooling) as one two-valued output.
mlir::FailureOr<LayerKernel> buildFusedKernel(cnn::FusedOp op, const std::string &symbol,
                                              bool keepWinners);

} // namespace cnnc

#endif // CNNC_CODEGEN_FUSEDKERNELS_H
