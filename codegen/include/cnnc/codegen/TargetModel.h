// The tiling cost model's view of a Halide target: vector width, registers, caches, cores.
#ifndef CNNC_CODEGEN_TARGETMODEL_H
#define CNNC_CODEGEN_TARGETMODEL_H

#include "cnnc/passes/Passes.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace cnnc {

/// Describes the target named like cnnc's --target ("host" or a Halide target string): its
/// float vector width and vector registers from the instruction set, and, for the host, its
/// cache sizes and cores as the operating system reports them. An unknown name is an error at
/// `loc`.
mlir::FailureOr<TargetModel> describeTarget(mlir::Location loc, const std::string &halideTarget);

/// The Halide target string a name like cnnc's --target stands for ("host" resolved), as
/// schedule logs record it; an unknown name is an error at `loc`.
mlir::FailureOr<std::string> canonicalTarget(mlir::Location loc, const std::string &halideTarget);

} // namespace cnnc

#endif // CNNC_CODEGEN_TARGETMODEL_H
