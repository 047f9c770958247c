// Halide targets by name, shared by the library build and the target description.
#ifndef CNNC_CODEGEN_TARGETINFO_H
#define CNNC_CODEGEN_TARGETINFO_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include "Halide.h"

#include <string>

namespace cnnc {

/// "host" or a Halide target string; an invalid one is an error at `loc`.
mlir::FailureOr<Halide::Target> parseTarget(mlir::Location loc, const std::string &name);

} // namespace cnnc

#endif // CNNC_CODEGEN_TARGETINFO_H
