// Ahead-of-time compilation of a cnn module into a model library, its header, and printable stages.
#ifndef CNNC_CODEGEN_LIBRARY_H
#define CNNC_CODEGEN_LIBRARY_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace cnnc {

/// The forms of a model library, chosen by the output's extension.
enum class LibraryKind {
  Shared,  // M.so: linked against libcnnrt.so; cnn_open() can load it
  Archive, // M.a: one relocatable object in a static archive
  Object   // M.o: the relocatable object
};

/// The kind of library `path` names (.so, .a, .o); none for any other extension.
std::optional<LibraryKind> libraryKindOf(llvm::StringRef path);

/// Where the runtime cnnc builds against lives (an installed prefix or the build tree).
struct RuntimeFiles {
  std::string sharedLibrary; // libcnnrt.so, which an M.so links
  std::string includeDir;    // holding cnn/cnn.h and cnn/model_desc.h
};

struct LibraryOptions {
  std::string outputPath; // M.so, M.a or M.o
  LibraryKind kind = LibraryKind::Shared;
  std::string headerPath; // M.h
  std::string halideTarget = "host";
  std::string sourceName;  // shown in the generated header
  std::string weightsPath; // a safetensors file to compile in, or ""
  RuntimeFiles runtime;
  bool verbose = false; // print each step and its time to stderr
  bool cache = true;    // reuse and store compiled objects in the compile cache (see README)
};

/// Compiles every layer and training kernel for the target and the model table into a library
/// whose only global symbols are the model's entry point (and, for M.so, the one cnn_open looks
/// up); its kernels call the Halide runtime inside libcnnrt. Errors are emitted on the module's
/// location.
mlir::LogicalResult buildLibrary(mlir::ModuleOp module, const LibraryOptions &options);

/// The C header written beside the library: the model's entry point and its shapes.
std::string generateHeader(mlir::ModuleOp module, const std::string &sourceName,
                           bool embeddedWeights);

/// Halide's lowered statement of every layer and training kernel (`cnnc --emit=halide`).
mlir::LogicalResult printHalide(mlir::ModuleOp module, const std::string &halideTarget,
                                llvm::raw_ostream &os);

} // namespace cnnc

#endif // CNNC_CODEGEN_LIBRARY_H
