// Runs the system tools that compile the model table and link, join or archive the library.
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

/// The tool named by the environment variable `envVar` (CC, CXX, OBJCOPY, AR), else `fallback`.
std::string toolFromEnv(const char *envVar, const char *fallback);

} // namespace cnnc

#endif // CNNC_CODEGEN_TOOLCHAIN_H
