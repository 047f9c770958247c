// Runs the system C/C++ compiler that builds the layer table and links model.so.
#ifndef CNNC_CODEGEN_TOOLCHAIN_H
#define CNNC_CODEGEN_TOOLCHAIN_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <string>
#include <vector>

namespace cnnc {

/// Runs `program` (found on PATH unless absolute) with `args`; on failure emits an error at
/// `loc` quoting the tool's own diagnostics.
mlir::LogicalResult runTool(mlir::Location loc, const std::string &program,
                            const std::vector<std::string> &args, const std::string &workDir);

/// The compiler named by the environment variable `envVar` (CC, CXX), else `fallback`.
std::string compilerFromEnv(const char *envVar, const char *fallback);

} // namespace cnnc

#endif // CNNC_CODEGEN_TOOLCHAIN_H
