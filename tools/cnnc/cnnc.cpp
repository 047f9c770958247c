// cnnc: the compiler driver. A model file, a Keras file (or cnn IR) in; a model library and its
// header out.
#include "ImportedWeights.h"
#include "OutputFiles.h"
#include "RuntimeFiles.h"

#include "cnnc/codegen/Library.h"
#include "cnnc/codegen/TargetModel.h"
#include "cnnc/frontend/Frontend.h"
#include "cnnc/frontend/KerasImport.h"
#include "cnnc/ir/CnnDialect.h"
#include "cnnc/irgen/MLIRGen.h"
#include "cnnc/passes/DebugOutput.h"
#include "cnnc/passes/Passes.h"
#include "cnnc/passes/ScheduleLog.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cl = llvm::cl;

/// cnnc's own options, the ones --help lists; LLVM's and MLIR's are under --help-hidden.
static cl::OptionCategory cnncCategory("cnnc options");

static cl::opt<std::string>
    inputFile(cl::cat(cnncCategory), cl::Positional, cl::Required,
              cl::desc("<model.cnn | model.py | model.keras | model.h5 | model.mlir>"));
static cl::opt<std::string>
    outputFile(cl::cat(cnncCategory), "o", cl::value_desc("M.so|M.a|M.o"),
               cl::desc("The library to write, its kind by extension: M.so shared (cnn and "
                        "cnn_open load it), M.a or M.o static (default: the input's name with "
                        ".so); the header goes beside it, and a Keras file's weights as "
                        "M.safetensors"));
static cl::opt<std::string>
    modelName(cl::cat(cnncCategory), "name", cl::value_desc("NAME"),
              cl::desc("The model's name (default: the model's own), a C identifier; its entry "
                       "point is cnnc_model_NAME()"));
static cl::opt<std::string> embedWeights(
    cl::cat(cnncCategory), "embed-weights", cl::ValueOptional, cl::value_desc("W.safetensors"),
    cl::desc("Compile these weights into the library, so that the model needs no weights file "
             "(a Keras file's own weights when given no file)"));

namespace {
enum class Emit { AST, Cnn, MLIR, MLIROpt, Halide, Header, Library };
enum class InputKind { Auto, Cnn, Python, Keras, MLIR };
} // namespace

static cl::opt<Emit> emitAction(
    cl::cat(cnncCategory), "emit", cl::init(Emit::Library), cl::desc("What to produce"),
    cl::values(clEnumValN(Emit::AST, "ast", "print the syntax tree"),
               clEnumValN(Emit::Cnn, "cnn", "print the model as model-language source"),
               clEnumValN(Emit::MLIR, "mlir",
                          "print the cnn dialect as built from the model, with its training graph"),
               clEnumValN(Emit::MLIROpt, "mlir-opt", "print the cnn dialect after the passes"),
               clEnumValN(Emit::Halide, "halide", "print Halide's lowered kernels"),
               clEnumValN(Emit::Header, "header", "print the C header"),
               clEnumValN(Emit::Library, "library", "write model.so and model.h (default)")));
static cl::opt<InputKind>
    inputKind(cl::cat(cnncCategory), "x", cl::init(InputKind::Auto),
              cl::desc("Input language (default: by extension)"),
              cl::values(clEnumValN(InputKind::Cnn, "cnn", "the model language"),
                         clEnumValN(InputKind::Python, "python",
                                    "a Python file holding a model's Keras code"),
                         clEnumValN(InputKind::Keras, "keras",
                                    "a Keras 3 .keras archive or a Keras 2 .h5 file"),
                         clEnumValN(InputKind::MLIR, "mlir", "cnn dialect IR")));
static cl::opt<std::string> halideTarget(cl::cat(cnncCategory), "target", cl::init("host"),
                                         cl::desc("Halide target of the kernels"));
static cl::opt<std::string>
    scheduleLog(cl::cat(cnncCategory), "schedule", cl::value_desc("tune.jsonl"),
                cl::desc("Give every kernel its best schedule in this cnn-tune log for the target "
                         "and thread count; the kernels it has none for are named in a warning "
                         "and keep the cost model's"));
static cl::opt<int>
    scheduleThreads(cl::cat(cnncCategory), "schedule-threads", cl::init(0), cl::value_desc("N"),
                    cl::desc("The threads the kernels are scheduled for (default: the "
                             "target's cores)"));
static cl::opt<bool> verbose(cl::cat(cnncCategory), "verbose",
                             cl::desc("Report each compilation step and its time"));
static cl::opt<bool>
    noFuse(cl::cat(cnncCategory), "no-fuse",
           cl::desc("Keep each Conv2D, ReLU and pooling layer a kernel of its own"));
static cl::opt<bool> noCache(cl::cat(cnncCategory), "no-cache",
                             cl::desc("Compile every kernel, neither reusing nor storing objects "
                                      "in the compile cache"));
static cl::opt<bool> inferenceOnly(cl::cat(cnncCategory), "inference-only",
                                   cl::desc("Build no training graph: inference kernels only"));

static std::string replaceExtension(const std::string &file, llvm::StringRef extension) {
  llvm::SmallString<256> path(file);
  llvm::sys::path::replace_extension(path, extension);
  return std::string(path);
}

/// The library path: -o, else the input with its extension replaced by .so.
static std::string libraryPath() {
  return outputFile.empty() ? replaceExtension(inputFile, ".so") : outputFile;
}

static InputKind inputKindOf(llvm::StringRef file) {
  if (inputKind != InputKind::Auto)
    return inputKind;
  llvm::StringRef extension = llvm::sys::path::extension(file);
  if (extension == ".keras" || extension == ".h5")
    return InputKind::Keras;
  if (extension == ".py")
    return InputKind::Python;
  return extension == ".mlir" ? InputKind::MLIR : InputKind::Cnn;
}

/// The text of a model-language, Python or IR file ("-": standard input), read in chunks up to
/// a limit, so that an endless input such as /dev/zero is refused rather than filling memory.
/// Line ends become "\n" as Python's universal newlines make them ("\r\n" and a lone "\r"), so
/// that every diagnostic has its line.
static llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readSource(const std::string &path) {
  constexpr size_t kMaxSource = size_t{16} << 20;
  std::FILE *file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!file)
    return llvm::createStringError(std::error_code(errno, std::generic_category()),
                                   "cannot read '%s': %s", path.c_str(), std::strerror(errno));
  std::string text;
  char chunk[65536];
  size_t got;
  while (text.size() <= kMaxSource && (got = std::fread(chunk, 1, sizeof chunk, file)) > 0)
    text.append(chunk, got);
  const bool failed = std::ferror(file) != 0;
  if (file != stdin)
    std::fclose(file);
  if (failed)
    return llvm::createStringError(std::errc::io_error, "cannot read '%s'", path.c_str());
  if (text.size() > kMaxSource)
    return llvm::createStringError(std::errc::file_too_large,
                                   "'%s' is larger than 16 MiB, more than any model file; cnnc "
                                   "reads at most that much",
                                   path.c_str());
  std::string lines;
  lines.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] != '\r')
      lines += text[i];
    else if (i + 1 == text.size() || text[i + 1] != '\n')
      lines += '\n';
  // A diagnostic prints its line, so lines are bounded too (one of 10^7 characters took seconds).
  constexpr size_t kMaxLine = 65536;
  for (size_t start = 0, line = 1; start < lines.size(); ++line) {
    const size_t end = std::min(lines.find('\n', start), lines.size());
    if (end - start > kMaxLine)
      return llvm::createStringError(std::errc::file_too_large,
                                     "'%s':%zu: the line is longer than %zu characters, more than "
                                     "any model file's; cnnc reads lines of at most that many",
                                     path.c_str(), line, kMaxLine);
    start = end + 1;
  }
  return llvm::MemoryBuffer::getMemBufferCopy(lines, path == "-" ? "<stdin>" : path);
}

/// Reports a problem with the input as a whole: "cnnc: error: FILE: MESSAGE".
static int inputError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "cnnc") << inputFile << ": " << message << "\n";
  return 1;
}

/// Reports an error of the command line or the machine: "cnnc: error: MESSAGE".
static int toolError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "cnnc") << message << "\n";
  return 1;
}

/// The weights to compile in: --embed-weights=FILE, checked against the model, or a Keras
/// file's own (written beside the library first); "" without --embed-weights.
static llvm::Expected<std::string> weightsToEmbed(mlir::ModuleOp module,
                                                  const std::string &importedWeights) {
  if (embedWeights.getNumOccurrences() == 0)
    return std::string();
  if (embedWeights.empty()) {
    if (importedWeights.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "--embed-weights needs a weights file for a model without "
                                     "weights of its own: --embed-weights=W.safetensors");
    return importedWeights;
  }
  auto weights = cnnc::readWeights(embedWeights);
  if (!weights)
    return weights.takeError();
  if (llvm::Error error = cnnc::checkWeights(module, *weights))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   embedWeights + ": " + llvm::toString(std::move(error)));
  return std::string(embedWeights);
}

/// Writes the library and its header, and for a Keras input the weights as M.safetensors.
static int writeLibrary(mlir::ModuleOp module, const std::vector<cnnc::WeightTensor> *weights,
                        const char *argv0) {
  cnnc::LibraryOptions options;
  options.outputPath = libraryPath();
  options.kind = *cnnc::libraryKindOf(options.outputPath); // checked before compiling
  llvm::StringRef directory = llvm::sys::path::parent_path(options.outputPath);
  if (!directory.empty() && !llvm::sys::fs::is_directory(directory))
    return toolError("cannot write '" + options.outputPath + "': no directory '" + directory + "'");
  auto runtime = cnnc::findRuntimeFiles(argv0);
  if (!runtime)
    return toolError(llvm::toString(runtime.takeError()));
  options.runtime = *runtime;
  options.headerPath = replaceExtension(options.outputPath, ".h");
  options.halideTarget = halideTarget;
  options.sourceName = llvm::sys::path::filename(inputFile).str();
  options.verbose = verbose;
  options.cache = !noCache;
  std::string importedWeights;
  if (weights) {
    importedWeights = replaceExtension(options.outputPath, ".safetensors");
    if (llvm::Error error = cnnc::writeWeights(importedWeights, *weights))
      return toolError(llvm::toString(std::move(error)));
  }
  auto embedded = weightsToEmbed(module, importedWeights);
  if (!embedded)
    return toolError(llvm::toString(embedded.takeError()));
  options.weightsPath = *embedded;
  return failed(cnnc::buildLibrary(module, options)) ? 1 : 0;
}

/// Renames the model function to --name, which must be a C identifier.
static mlir::LogicalResult applyModelName(mlir::ModuleOp module) {
  if (modelName.empty())
    return mlir::success();
  llvm::StringRef name = modelName;
  bool identifier =
      !std::isdigit(static_cast<unsigned char>(name.front())) &&
      llvm::all_of(name, [](char c) { return std::isalnum((unsigned char)c) || c == '_'; });
  if (!identifier) {
    toolError("--name='" + name +
              "' is not a C identifier (letters, digits and '_', not starting "
              "with a digit)");
    return mlir::failure();
  }
  mlir::FuncOp func = *module.getOps<mlir::FuncOp>().begin();
  func.setName(name);
  return mlir::success();
}

static int compile(const char *argv0) {
  if (emitAction == Emit::Library && !cnnc::libraryKindOf(libraryPath()))
    return toolError("cannot tell which library to write from the name '" + libraryPath() +
                     "': name it M.so (a shared model library, which cnn and cnn_open load), M.a "
                     "(a static archive) or M.o (an object file)");
  InputKind kind = inputKindOf(inputFile);
  if (emitAction == Emit::Library) {
    // What writeLibrary writes, before any work.
    const std::string library = libraryPath();
    const std::string clash = cnn::outputClash(
        {{"-o", library},
         {"the header", replaceExtension(library, ".h")},
         {"the imported weights",
          kind == InputKind::Keras ? replaceExtension(library, ".safetensors") : ""}},
        {{"the model file", inputFile},
         {"--embed-weights", embedWeights},
         {"--schedule", scheduleLog}});
    if (!clash.empty())
      return toolError(clash);
  }
  mlir::MLIRContext context;
  context.getOrLoadDialect<cnnc::cnn::CnnDialect>();
  llvm::SourceMgr sources;
  mlir::SourceMgrDiagnosticHandler diagnostics(sources, &context);
  // A Keras file has no source lines to point at; its layers' errors name the layer instead.
  // Errors of no place in the model (files, tools) are the tool's.
  mlir::ScopedDiagnosticHandler placelessDiagnostics(&context, [&](mlir::Diagnostic &diagnostic) {
    if (diagnostic.getLocation().isa<mlir::UnknownLoc>() &&
        diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error)
      toolError(diagnostic.str());
    else if (kind == InputKind::Keras)
      inputError(diagnostic.str());
    else
      return mlir::failure();
    return mlir::success();
  });

  // The model from the model language or a Keras file (with its weights); IR is parsed directly.
  std::optional<cnnc::Model> model;
  std::vector<cnnc::WeightTensor> weights;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (kind == InputKind::Keras) {
    if (emitAction == Emit::AST)
      return inputError("a Keras file has no syntax tree to print (--emit=ast); --emit=cnn prints "
                        "the model as model-language source");
    auto imported = cnnc::importKeras(inputFile);
    if (!imported)
      return inputError(llvm::toString(imported.takeError()));
    model = std::move(imported->model);
    weights = std::move(imported->weights);
  } else {
    auto file = readSource(inputFile);
    if (!file)
      return toolError(llvm::toString(file.takeError()));
    unsigned buffer = sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
    if (kind == InputKind::MLIR) {
      if (emitAction == Emit::AST || emitAction == Emit::Cnn)
        return inputError("cnn IR has no model-language form to print; --emit=ast and --emit=cnn "
                          "take a model or Keras file");
      module = mlir::parseSourceFile<mlir::ModuleOp>(sources, &context);
    } else {
      auto ast = kind == InputKind::Python ? cnnc::parseScript(sources, buffer)
                                           : cnnc::parseModel(sources, buffer);
      if (ast && emitAction == Emit::AST)
        cnnc::dumpAST(*ast, llvm::outs());
      if (!ast || emitAction == Emit::AST)
        return ast ? 0 : 1;
      model = cnnc::analyzeModel(*ast, sources);
      if (!model)
        return 1;
    }
  }
  if (emitAction == Emit::Cnn) {
    llvm::outs() << cnnc::printModelSource(*model);
    return 0;
  }
  if (model)
    module = cnnc::mlirGen(context, *model);
  if (!module || failed(cnnc::cnn::verifyModelModule(*module)) || failed(applyModelName(*module)))
    return 1;
  if (kind == InputKind::Keras) {
    if (llvm::Error error = cnnc::checkWeights(*module, weights))
      return inputError(llvm::toString(std::move(error)));
  }

  // The passes are cheap; one thread keeps --print-ir-after-all's output in order. --emit=mlir
  // shows the model with its training graph, before the passes that prepare code generation.
  context.disableMultithreading();
  mlir::PassManager pm(&context);
  mlir::applyPassManagerCLOptions(pm); // --print-ir-after-all, --print-ir-before-all, ...
  if (emitAction != Emit::MLIR) {
    auto target = cnnc::describeTarget(module->getLoc(), halideTarget);
    if (failed(target))
      return 1;
    if (scheduleThreads > 0)
      target->threads = scheduleThreads;
    cnnc::ScheduleLogOptions log{scheduleLog, "", target->threads};
    if (!scheduleLog.empty()) {
      auto canonical = cnnc::canonicalTarget(module->getLoc(), halideTarget);
      if (failed(canonical))
        return 1;
      log.target = *canonical;
    }
    cnnc::buildCompilePipeline(pm, !inferenceOnly, !noFuse, *target,
                               scheduleLog.empty() ? nullptr : &log);
  } else if (!inferenceOnly)
    pm.addPass(cnnc::createBuildTrainingGraphPass());
  if (failed(pm.run(*module)))
    return 1;

  switch (emitAction) {
  case Emit::MLIR:
  case Emit::MLIROpt:
    module->print(llvm::outs());
    return 0;
  case Emit::Halide:
    return failed(cnnc::printHalide(*module, halideTarget, llvm::outs())) ? 1 : 0;
  case Emit::Header:
    llvm::outs() << cnnc::generateHeader(*module, inputFile, embedWeights.getNumOccurrences() > 0);
    return 0;
  default:
    break;
  }
  return writeLibrary(*module, kind == InputKind::Keras ? &weights : nullptr, argv0);
}

/// Puts LLVM's or MLIR's options that a cnnc user reaches for among cnnc's own in --help.
static void showInHelp(std::initializer_list<llvm::StringRef> names) {
  llvm::StringMap<cl::Option *> &options = cl::getRegisteredOptions();
  for (llvm::StringRef name : names)
    if (auto option = options.find(name); option != options.end())
      option->second->addCategory(cnncCategory);
}

/// Leaves LLVM's and MLIR's other options to --help-hidden (LLVM's HideUnrelatedOptions would
/// leave them out of it too).
static void hideUnrelatedOptions() {
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool shown = llvm::any_of(option->Categories, [](cl::OptionCategory *category) {
      return category == &cnncCategory || category->getName() == "Generic Options";
    });
    if (!shown && option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cnnc::registerCnnPasses(cnnc::describeTarget);
  cnnc::registerDebugOutputOption();
  showInHelp({"debug-only", "print-ir-after-all"});
  hideUnrelatedOptions();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "cnnc " << CNNC_VERSION << " (LLVM and MLIR " << LLVM_VERSION_STRING << ", Halide "
       << CNNC_HALIDE_VERSION << ")\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "cnnc: compiles a Keras-style CNN model into a library of Halide "
                              "kernels\n\n"
                              "  cnnc model.cnn -o model.so     writes model.so and model.h\n"
                              "  cnnc model.cnn -o model.a --embed-weights=w.safetensors\n"
                              "                                 a static library, weights inside\n"
                              "  cnnc model.keras -o model.so   also writes model.safetensors\n"
                              "  cnnc --emit=cnn model.keras    prints the Keras model as source\n"
                              "  cnnc --emit=mlir model.cnn     prints the cnn dialect\n\n"
                              "  --help-hidden lists LLVM's and MLIR's options as well\n");
  return compile(argv[0]);
}
