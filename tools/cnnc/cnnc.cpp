// cnnc: the compiler driver. A model file (or cnn IR) in; model.so and model.h out.
#include "cnnc/codegen/Library.h"
#include "cnnc/frontend/Frontend.h"
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/ir/MLIRGen.h"
#include "cnnc/passes/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<model.cnn | model.mlir>"));
static cl::opt<std::string> outputFile("o", cl::value_desc("model.so"),
                                       cl::desc("The library to write (default: the input's "
                                                "name with .so); the header goes beside it"));

namespace {
enum class Emit { AST, MLIR, MLIROpt, Halide, Header, Library };
enum class InputKind { Auto, Cnn, MLIR };
} // namespace

static cl::opt<Emit> emitAction(
    "emit", cl::init(Emit::Library), cl::desc("What to produce"),
    cl::values(clEnumValN(Emit::AST, "ast", "print the syntax tree"),
               clEnumValN(Emit::MLIR, "mlir", "print the cnn dialect as built from the model"),
               clEnumValN(Emit::MLIROpt, "mlir-opt", "print the cnn dialect after the passes"),
               clEnumValN(Emit::Halide, "halide", "print Halide's lowered kernels"),
               clEnumValN(Emit::Header, "header", "print the C header"),
               clEnumValN(Emit::Library, "library", "write model.so and model.h (default)")));
static cl::opt<InputKind>
    inputKind("x", cl::init(InputKind::Auto), cl::desc("Input language (default: by extension)"),
              cl::values(clEnumValN(InputKind::Cnn, "cnn", "the model language"),
                         clEnumValN(InputKind::MLIR, "mlir", "cnn dialect IR")));
static cl::opt<std::string> halideTarget("target", cl::init("host"),
                                         cl::desc("Halide target of the kernels"));
static cl::opt<bool> verbose("verbose", cl::desc("Report each compilation step and its time"));

/// The library path: -o, else the input with its extension replaced by .so.
static std::string sharedObjectPath() {
  if (!outputFile.empty())
    return outputFile;
  llvm::SmallString<256> path(inputFile);
  llvm::sys::path::replace_extension(path, ".so");
  return std::string(path);
}

static std::string headerPath(const std::string &library) {
  llvm::SmallString<256> path(library);
  llvm::sys::path::replace_extension(path, ".h");
  return std::string(path);
}

/// Reads the model, from the model language or from IR, as a verified cnn module.
static mlir::OwningOpRef<mlir::ModuleOp> loadModule(mlir::MLIRContext &context,
                                                    llvm::SourceMgr &sources, unsigned buffer) {
  bool isMLIR = inputKind == InputKind::MLIR ||
                (inputKind == InputKind::Auto && llvm::StringRef(inputFile).endswith(".mlir"));
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (isMLIR) {
    module = mlir::parseSourceFile<mlir::ModuleOp>(sources, &context);
  } else {
    auto ast = cnnc::parseModel(sources, buffer);
    if (!ast)
      return nullptr;
    auto model = cnnc::analyzeModel(*ast, sources);
    if (!model)
      return nullptr;
    module = cnnc::mlirGen(context, *model);
  }
  if (!module || failed(cnnc::cnn::verifyModelModule(*module)))
    return nullptr;
  return module;
}

static int compile() {
  auto file = llvm::MemoryBuffer::getFileOrSTDIN(inputFile);
  if (std::error_code error = file.getError()) {
    llvm::WithColor::error(llvm::errs(), "cnnc")
        << "cannot read '" << inputFile << "': " << error.message() << "\n";
    return 1;
  }
  llvm::SourceMgr sources;
  unsigned buffer = sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());

  mlir::MLIRContext context;
  context.getOrLoadDialect<cnnc::cnn::CnnDialect>();
  mlir::SourceMgrDiagnosticHandler diagnostics(sources, &context);

  if (emitAction == Emit::AST) {
    auto ast = cnnc::parseModel(sources, buffer);
    if (ast)
      cnnc::dumpAST(*ast, llvm::outs());
    return ast ? 0 : 1;
  }
  auto module = loadModule(context, sources, buffer);
  if (!module)
    return 1;
  if (emitAction == Emit::MLIR) {
    module->print(llvm::outs());
    return 0;
  }

  // The passes are cheap; one thread keeps --print-ir-after-all's output in order.
  context.disableMultithreading();
  mlir::PassManager pm(&context);
  mlir::applyPassManagerCLOptions(pm); // --print-ir-after-all, --print-ir-before-all, ...
  cnnc::buildCompilePipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

  switch (emitAction) {
  case Emit::MLIROpt:
    module->print(llvm::outs());
    return 0;
  case Emit::Halide:
    return failed(cnnc::printHalide(*module, halideTarget, llvm::outs())) ? 1 : 0;
  case Emit::Header:
    llvm::outs() << cnnc::generateHeader(*module, inputFile);
    return 0;
  default:
    break;
  }
  cnnc::LibraryOptions options;
  options.sharedObjectPath = sharedObjectPath();
  llvm::StringRef directory = llvm::sys::path::parent_path(options.sharedObjectPath);
  if (!directory.empty() && !llvm::sys::fs::is_directory(directory)) {
    llvm::WithColor::error(llvm::errs(), "cnnc") << "cannot write '" << options.sharedObjectPath
                                                 << "': no directory '" << directory << "'\n";
    return 1;
  }
  options.headerPath = headerPath(options.sharedObjectPath);
  options.halideTarget = halideTarget;
  options.sourceName = llvm::sys::path::filename(inputFile).str();
  options.verbose = verbose;
  return failed(cnnc::buildLibrary(*module, options)) ? 1 : 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cnnc::registerCnnPasses();
  cl::ParseCommandLineOptions(argc, argv,
                              "cnnc: compiles a Keras-style CNN model into a shared library of "
                              "Halide kernels\n\n"
                              "  cnnc model.cnn -o model.so     writes model.so and model.h\n"
                              "  cnnc --emit=mlir model.cnn     prints the cnn dialect\n");
  return compile();
}
