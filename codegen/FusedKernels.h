// The kernel of a layer op in either program; a cnn.fused op's computes conv tiles in pooled rows.
#ifndef CNNC_CODEGEN_FUSEDKERNELS_H
#define CNNC_CODEGEN_FUSEDKERNELS_H

#include "cnnc/codegen/LayerKernels.h"
#include "cnnc/ir/CnnDialect.h"

namespace cnnc {

/// Builds the pipeline of `op`, scheduled by its schedule for `role` when `scheduled`: its
/// conv's arguments (input, kernel, bias), and its first result, the pooled ReLU output, or in
/// training both results (the pooled output and the winners of max pooling) as one two-valued
/// output.
mlir::FailureOr<LayerKernel> buildFusedKernel(cnn::FusedOp op, const std::string &symbol,
                                              KernelRole role, bool scheduled = true);

/// The kernel of a layer op (a fused op too) in `role`'s program, scheduled by its schedule
/// for that role when `scheduled`.
mlir::FailureOr<LayerKernel> buildLayerKernel(mlir::Operation *op, const std::string &symbol,
                                              KernelRole role, bool scheduled = true);

} // namespace cnnc

#endif // CNNC_CODEGEN_FUSEDKERNELS_H
