// Ahead-of-time compilation of a cnn module into model.so: kernels, runtime, table, link.
#include "cnnc/codegen/Library.h"
#include "ModelTable.h"
#include "ObjectCache.h"
#include "TargetInfo.h"
#include "Toolchain.h"
#include "TrainingKernels.h"
#include "TrainingTable.h"

#include "mlir/IR/Diagnostics.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

using namespace mlir;

namespace cnnc {
namespace {

/// A scratch directory removed when the build ends.
class ScratchDir {
public:
  ScratchDir() {
    if (llvm::sys::fs::createUniqueDirectory("cnnc", path))
      path.clear();
  }
  ~ScratchDir() {
    if (!path.empty())
      llvm::sys::fs::remove_directories(path);
  }
  bool ok() const { return !path.empty(); }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<256> full(path);
    llvm::sys::path::append(full, name);
    return std::string(full);
  }

private:
  llvm::SmallString<256> path;
};

LogicalResult writeFile(Location loc, const std::string &path, llvm::StringRef contents) {
  std::string error;
  auto file = mlir::openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << "cannot write '" << path << "': " << error;
  file->os() << contents;
  file->keep();
  return success();
}

/// Prints "cnnc: <step> (<seconds> s)" when verbose.
class StepTimer {
public:
  explicit StepTimer(bool verbose) : verbose(verbose) {}
  void done(const std::string &step) {
    auto now = std::chrono::steady_clock::now();
    if (verbose)
      llvm::errs() << "cnnc: " << step << " ("
                   << llvm::format("%.2f", std::chrono::duration<double>(now - start).count())
                   << " s)\n";
    start = now;
  }

private:
  bool verbose;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

/// Runs a Halide compilation step, turning Halide's exceptions into diagnostics.
template <typename Fn> LogicalResult halideStep(Location loc, const std::string &what, Fn &&fn) {
  try {
    fn();
    return success();
  } catch (const Halide::Error &error) {
    return emitError(loc) << "Halide failed to compile " << what << ": " << error.what();
  }
}

/// Every kernel of the library: the layers', and the training program's.
struct ModelKernels {
  std::vector<LayerKernel> layers;
  TrainingKernels training;

  auto all() const { return llvm::concat<const LayerKernel>(layers, training.kernels); }
};

FailureOr<ModelKernels> buildKernels(ModuleOp module, const ModelTable &table) {
  auto layers = buildLayerKernels(module);
  if (failed(layers))
    return failure();
  auto training = buildTrainingKernels(module, table);
  if (failed(training))
    return failure();
  return ModelKernels{std::move(*layers), std::move(*training)};
}

/// The C source of the training program (cnn_train_desc), or "" without a training graph.
FailureOr<std::string> trainingSource(ModuleOp module, const ModelTable &table,
                                      const ModelKernels &kernels) {
  if (!hasTrainingGraph(module))
    return std::string();
  llvm::DenseMap<Operation *, std::string> layerKernelOf;
  for (const LayerKernel &kernel : kernels.layers)
    layerKernelOf[kernel.op] = kernel.function;
  // A Dropout's training kernel replaces its layer's view.
  auto kernelOf = [&](Operation *op) {
    std::string function = kernels.training.functionOf.lookup(op);
    return function.empty() ? layerKernelOf.lookup(op) : function;
  };
  auto program = readTrainingTable(module, table, kernelOf);
  if (failed(program))
    return failure();
  return trainingDescriptor(*program);
}

/// The key of a kernel's object: its op as printed (every attribute, its schedule among them,
/// and its types), what else shapes the pipeline, its symbol and arguments, and the target.
std::string objectKey(const LayerKernel &kernel, const Halide::Target &target) {
  std::string text;
  llvm::raw_string_ostream os(text);
  kernel.op->print(os, OpPrintingFlags().printGenericOpForm().useLocalScope());
  for (const Halide::Argument &arg : kernel.arguments)
    os << "\n"
       << arg.name << " " << (int)arg.kind << " " << (int)arg.dimensions << " "
       << (int)arg.type.code() << " " << arg.type.bits() << " " << arg.type.lanes();
  return CacheKey()
      .add("kernel")
      .add(os.str())
      .add(kernel.variant)
      .add(kernel.function)
      .add(target.to_string())
      .hex();
}

/// The key of the linked library: its objects' keys, the model table, and what else goes into
/// the link besides cnnc's own recipe (the compilers, the runtime library and its headers).
std::string libraryKey(llvm::ArrayRef<std::string> objectKeys, llvm::StringRef descriptor) {
  CacheKey key;
  key.add("library").add(descriptor).add(compilerFromEnv("CC", "cc"));
  key.add(compilerFromEnv("CXX", "c++")).addFile(CNNC_RUNTIME_LIBRARY);
  for (llvm::StringRef header : {"cnn/cnn.h", "cnn/model_desc.h"})
    key.addFile(CNNC_RUNTIME_INCLUDE_DIR "/" + header);
  for (const std::string &objectKey : objectKeys)
    key.add(objectKey);
  return key.hex();
}

/// Takes the object of `key` from the cache into `path`, or makes it with `compile` and stores it.
template <typename Fn>
LogicalResult cachedObject(ObjectCache &cache, StepTimer &timer, llvm::StringRef key,
                           const std::string &path, const std::string &name, Fn &&compile) {
  if (cache.fetch(key, path)) {
    timer.done("reused " + name + " from the cache");
    return success();
  }
  if (failed(compile()))
    return failure();
  cache.store(key, path);
  timer.done("compiled " + name);
  return success();
}

} // namespace

LogicalResult buildLibrary(ModuleOp module, const LibraryOptions &options) {
  Location loc = module.getLoc();
  StepTimer timer(options.verbose);
  auto target = parseTarget(loc, options.halideTarget);
  ModelTable table = readModelTable(module);
  auto kernels = buildKernels(module, table);
  if (failed(target) || failed(kernels))
    return failure();
  auto training = trainingSource(module, table, *kernels);
  if (failed(training))
    return failure();
  std::string descriptor =
      generateDescriptor(table, kernels->layers, kernels->training.kernels, *training);
  timer.done("built the Halide pipelines");

  // An unchanged model is copied from the cache; a changed one compiles only its changed kernels.
  ObjectCache cache(options.cache ? ObjectCache::defaultDirectory() : "", options.verbose);
  std::vector<std::string> keys;
  for (const LayerKernel &kernel : kernels->all())
    keys.push_back(objectKey(kernel, *target));
  keys.push_back(CacheKey().add("runtime").add(target->to_string()).hex());
  std::string library = libraryKey(keys, descriptor);
  if (cache.fetch(library, options.sharedObjectPath, 0777)) {
    timer.done("reused " + options.sharedObjectPath + " from the cache");
    return writeFile(loc, options.headerPath, generateHeader(module, options.sourceName));
  }
  ScratchDir scratch;
  if (!scratch.ok())
    return emitError(loc) << "cannot create a temporary directory";

  std::vector<std::string> objects;
  for (const LayerKernel &kernel : kernels->all()) {
    std::string object = scratch.file(kernel.function + ".o");
    const std::string &key = keys[objects.size()]; // keys follow the kernels
    if (failed(cachedObject(cache, timer, key, object, kernel.function, [&] {
          return halideStep(kernel.op->getLoc(), "kernel " + kernel.function, [&] {
            Halide::Pipeline(kernel.output)
                .compile_to_object(object, kernel.arguments, kernel.function,
                                   target->with_feature(Halide::Target::NoRuntime));
          });
        })))
      return failure();
    objects.push_back(object);
  }
  std::string runtime = scratch.file("halide_runtime.o");
  if (failed(cachedObject(cache, timer, keys.back(), runtime, "the Halide runtime", [&] {
        return halideStep(loc, "the Halide runtime",
                          [&] { Halide::compile_standalone_runtime(runtime, *target); });
      })))
    return failure();
  objects.push_back(runtime);

  std::string tableSource = scratch.file("model_table.c");
  std::string tableObject = scratch.file("model_table.o");
  std::string exports = scratch.file("exports.map");
  if (failed(writeFile(loc, tableSource, descriptor)) ||
      failed(writeFile(loc, exports, "{\n  global: cnn_*;\n  local: *;\n};\n")) ||
      failed(runTool(
          loc, compilerFromEnv("CC", "cc"),
          {"-O2", "-fPIC", "-c", tableSource, "-o", tableObject, "-I", CNNC_RUNTIME_INCLUDE_DIR},
          scratch.file(""))))
    return failure();
  objects.push_back(tableObject);

  std::vector<std::string> link{"-shared", "-o", options.sharedObjectPath};
  link.insert(link.end(), objects.begin(), objects.end());
  // The whole runtime goes in: the C API is what the library is for, though nothing in it calls
  // the API itself.
  link.insert(link.end(), {"-Wl,--whole-archive", CNNC_RUNTIME_LIBRARY, "-Wl,--no-whole-archive",
                           "-Wl,--version-script=" + exports, "-Wl,-z,defs", "-lz", "-lpthread",
                           "-ldl", "-lm"});
  if (failed(runTool(loc, compilerFromEnv("CXX", "c++"), link, scratch.file(""))))
    return failure();
  cache.store(library, options.sharedObjectPath);
  timer.done("linked " + options.sharedObjectPath);
  return writeFile(loc, options.headerPath, generateHeader(module, options.sourceName));
}

LogicalResult printHalide(ModuleOp module, const std::string &halideTarget, llvm::raw_ostream &os) {
  auto target = parseTarget(module.getLoc(), halideTarget);
  auto kernels = buildKernels(module, readModelTable(module));
  ScratchDir scratch;
  if (failed(target) || failed(kernels) || !scratch.ok())
    return failure();
  for (const LayerKernel &kernel : kernels->all()) {
    std::string path = scratch.file(kernel.function + ".stmt");
    if (failed(halideStep(kernel.op->getLoc(), "kernel " + kernel.function, [&] {
          Halide::Pipeline(kernel.output)
              .compile_to_lowered_stmt(path, kernel.arguments, Halide::Text,
                                       target->with_feature(Halide::Target::NoRuntime));
        })))
      return failure();
    auto text = llvm::MemoryBuffer::getFile(path);
    if (!text)
      return emitError(kernel.op->getLoc())
             << "cannot read Halide's statement for " << kernel.function;
    os << "// ----- " << kernel.function << "\n" << (*text)->getBuffer() << "\n";
  }
  return success();
}

} // namespace cnnc
