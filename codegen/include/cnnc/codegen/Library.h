// Ahead-of-time compilation of a cnn module into model.so, its header, and printable stages.
#ifndef CNNC_CODEGEN_LIBRARY_H
#define CNNC_CODEGEN_LIBRARY_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace cnnc {

struct LibraryOptions {
  std::string sharedObjectPath; // model.so
  std::string headerPath;       // model.h
  std::string halideTarget = "host";
  std::string sourceName; // shown in the generated header
  bool verbose = false;   // print each step and its time to stderr
  bool cache = true;      // reuse and store compiled objects in the compile cache (see README)
};

/// Compiles every layer and training kernel for the target, a Halide runtime, the model table, and
/// links them with the runtime library into a shared library exporting only the C API. Errors
/// are emitted on the module's location.
mlir::LogicalResult buildLibrary(mlir::ModuleOp module, const LibraryOptions &options);

/// The C header written beside the library: the C API plus the model's shapes.
std::string generateHeader(mlir::ModuleOp module, const std::string &sourceName);

/// Halide's lowered statement of every layer and training kernel (`cnnc --emit=halide`).
mlir::LogicalResult printHalide(mlir::ModuleOp module, const std::string &halideTarget,
                                llvm::raw_ostream &os);

} // namespace cnnc

#endif // CNNC_CODEGEN_LIBRARY_H
