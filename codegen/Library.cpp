// Ahead-of-time compilation of a cnn module into a model library: kernels, table, link or join.
#include "cnnc/codegen/Library.h"
#include "ModelTable.h"
#include "ObjectCache.h"
#include "TargetInfo.h"
#include "Toolchain.h"
#include "TrainingKernels.h"
#include "TrainingTable.h"

#include "cnnc/ir/CnnDialect.h"

#include "AtomicFile.h"

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <chrono>
#include <cstring>

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
  if (int error = cnnrt::replaceFile(path, {{contents.data(), contents.size()}}))
    return emitError(loc) << "cannot write '" << path << "': " << std::strerror(error);
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

/// The tools a library is built with, each overridable from the environment.
constexpr std::pair<const char *, const char *> kTools[] = {
    {"CC", "cc"}, {"OBJCOPY", "objcopy"}, {"AR", "ar"}};

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
  if (!cnn::hasTrainingGraph(module))
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
  for (const Halide::Argument &arg : kernel.arguments())
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

/// The key of the library: its objects' keys, the model table, its kind, and what else goes into
/// it besides cnnc's own recipe (the tools, the runtime's headers, the weights and, for M.so, its
/// name and the runtime).
std::string libraryKey(llvm::ArrayRef<std::string> objectKeys, llvm::StringRef descriptor,
                       const LibraryOptions &options) {
  CacheKey key;
  key.add("library").add(descriptor).add(std::to_string(static_cast<int>(options.kind)));
  for (auto [variable, fallback] : kTools)
    key.add(toolFromEnv(variable, fallback));
  // An M.so's SONAME is its file's name, its RUNPATH the runtime's folder.
  if (options.kind == LibraryKind::Shared)
    key.add(llvm::sys::path::filename(options.outputPath))
        .add(options.runtime.sharedLibrary)
        .addFile(options.runtime.sharedLibrary);
  for (llvm::StringRef header : {"cnn/cnn.h", "cnn/model_desc.h"})
    key.addFile(options.runtime.includeDir + "/" + header);
  if (!options.weightsPath.empty())
    key.addFile(options.weightsPath);
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

/// The permissions of a library of `kind` (less the umask).
unsigned fileMode(LibraryKind kind) { return kind == LibraryKind::Shared ? 0777 : 0666; }

/// Replaces the library at options.outputPath with a copy of `built`, and its header with
/// `header`. Both are written in full beside their paths before either is renamed, so that a
/// failure (a full disk) leaves the old library and header as they were.
LogicalResult publish(Location loc, const std::string &built, llvm::StringRef header,
                      const LibraryOptions &options) {
  auto contents = llvm::MemoryBuffer::getFile(built);
  if (!contents)
    return emitError(loc) << "cannot read '" << built << "': " << contents.getError().message();
  llvm::StringRef library = (*contents)->getBuffer();
  cnnrt::PendingFile newLibrary(options.outputPath, {{library.data(), library.size()}},
                                fileMode(options.kind));
  cnnrt::PendingFile newHeader(options.headerPath, {{header.data(), header.size()}});
  const std::pair<cnnrt::PendingFile *, const std::string *> files[] = {
      {&newLibrary, &options.outputPath}, {&newHeader, &options.headerPath}};
  for (bool committing : {false, true})
    for (auto [file, path] : files)
      if (file->error() != 0 || (committing && file->commit() != 0))
        return emitError(loc) << "cannot write '" << *path << "': " << std::strerror(file->error());
  return success();
}

/// Links the objects with libcnnrt.so into `path`, exporting only the entry points.
LogicalResult linkShared(Location loc, const std::vector<std::string> &objects,
                         const std::vector<std::string> &entryPoints, const LibraryOptions &options,
                         const ScratchDir &scratch, const std::string &path) {
  std::string exports = scratch.file("exports.map");
  std::string script = "{\n  global:";
  for (const std::string &entryPoint : entryPoints)
    script += " " + entryPoint + ";";
  if (failed(writeFile(loc, exports, script + "\n  local: *;\n};\n")))
    return failure();
  llvm::StringRef runtimeDir = llvm::sys::path::parent_path(options.runtime.sharedLibrary);
  std::vector<std::string> link{"-shared", "-o", path};
  link.insert(link.end(), objects.begin(), objects.end());
  link.insert(link.end(), {options.runtime.sharedLibrary,
                           "-Wl,-soname," + llvm::sys::path::filename(options.outputPath).str(),
                           "-Wl,-rpath," + runtimeDir.str(), "-Wl,--version-script=" + exports,
                           "-Wl,-z,defs", "-lm"});
  return runTool(loc, toolFromEnv("CC", "cc"), link, scratch.file(""));
}

/// Joins the objects into one relocatable object at `path` whose only global symbols are the
/// entry points, so that kernels of several models never clash.
LogicalResult joinObjects(Location loc, const std::vector<std::string> &objects,
                          const std::vector<std::string> &entryPoints, const ScratchDir &scratch,
                          const std::string &path) {
  std::string joined = scratch.file("joined.o");
  std::vector<std::string> join{"-r", "-nostdlib", "-o", joined};
  join.insert(join.end(), objects.begin(), objects.end());
  if (failed(runTool(loc, toolFromEnv("CC", "cc"), join, scratch.file(""))))
    return failure();
  std::vector<std::string> localize;
  for (const std::string &entryPoint : entryPoints)
    localize.push_back("--keep-global-symbol=" + entryPoint);
  localize.insert(localize.end(), {joined, path});
  return runTool(loc, toolFromEnv("OBJCOPY", "objcopy"), localize, scratch.file(""));
}

/// The library of `objects` in the form options.kind names, written to `path` in the scratch.
LogicalResult packLibrary(Location loc, const std::vector<std::string> &objects,
                          const std::vector<std::string> &entryPoints,
                          const LibraryOptions &options, const ScratchDir &scratch,
                          const std::string &path) {
  switch (options.kind) {
  case LibraryKind::Shared:
    return linkShared(loc, objects, entryPoints, options, scratch, path);
  case LibraryKind::Object:
    return joinObjects(loc, objects, entryPoints, scratch, path);
  case LibraryKind::Archive: {
    std::string object = scratch.file(entryPoints.front() + ".o");
    if (failed(joinObjects(loc, objects, entryPoints, scratch, object)))
      return failure();
    return runTool(loc, toolFromEnv("AR", "ar"), {"rcsD", path, object}, scratch.file(""));
  }
  }
  return emitError(loc) << "unknown kind of model library";
}

} // namespace

std::optional<LibraryKind> libraryKindOf(llvm::StringRef path) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".so")
    return LibraryKind::Shared;
  if (extension == ".a")
    return LibraryKind::Archive;
  if (extension == ".o")
    return LibraryKind::Object;
  return std::nullopt;
}

LogicalResult buildLibrary(ModuleOp module, const LibraryOptions &options) {
  // Errors of files and tools are the build's, not of a line of the model.
  Location loc = UnknownLoc::get(module.getContext());
  StepTimer timer(options.verbose);
  auto target = parseTarget(loc, options.halideTarget);
  ModelTable table = readModelTable(module);
  auto kernels = buildKernels(module, table);
  if (failed(target) || failed(kernels))
    return failure();
  auto training = trainingSource(module, table, *kernels);
  if (failed(training))
    return failure();
  ScratchDir scratch;
  if (!scratch.ok())
    return emitError(loc) << "cannot create a temporary directory";
  DescriptorExtras extras;
  extras.loadable = options.kind == LibraryKind::Shared;
  if (!options.weightsPath.empty()) {
    // The assembler reads a copy in the scratch folder, whose name needs no quoting.
    extras.weightsFile = "weights.safetensors";
    std::string copy = scratch.file(extras.weightsFile);
    std::error_code error = llvm::sys::fs::copy_file(options.weightsPath, copy);
    if (!error)
      error = llvm::sys::fs::file_size(copy, extras.weightsSize);
    if (error)
      return emitError(loc) << "cannot read '" << options.weightsPath << "': " << error.message();
  }
  std::string descriptor =
      generateDescriptor(table, kernels->layers, kernels->training.kernels, *training, extras);
  std::string header = generateHeader(module, options.sourceName, !options.weightsPath.empty());
  timer.done("built the Halide pipelines");

  // An unchanged model is copied from the cache; a changed one compiles only its changed kernels.
  ObjectCache cache(options.cache ? ObjectCache::defaultDirectory() : "", options.verbose);
  std::vector<std::string> keys;
  for (const LayerKernel &kernel : kernels->all())
    keys.push_back(objectKey(kernel, *target));
  std::string library = libraryKey(keys, descriptor, options);
  std::string packed =
      scratch.file("library" + llvm::sys::path::extension(options.outputPath).str());
  if (cache.fetch(library, packed, fileMode(options.kind))) {
    timer.done("reused " + options.outputPath + " from the cache");
    return publish(loc, packed, header, options);
  }

  std::vector<std::string> objects;
  for (const LayerKernel &kernel : kernels->all()) {
    std::string object = scratch.file(kernel.function + ".o");
    const std::string &key = keys[objects.size()]; // keys follow the kernels
    if (failed(cachedObject(cache, timer, key, object, kernel.function, [&] {
          return halideStep(kernel.op->getLoc(), "kernel " + kernel.function, [&] {
            Halide::Pipeline(kernel.output)
                .compile_to_object(object, kernel.arguments(), kernel.function,
                                   target->with_feature(Halide::Target::NoRuntime));
          });
        })))
      return failure();
    objects.push_back(object);
  }

  std::string tableSource = scratch.file("model_table.c");
  std::string tableObject = scratch.file("model_table.o");
  if (failed(writeFile(loc, tableSource, descriptor)) ||
      failed(runTool(loc, toolFromEnv("CC", "cc"),
                     {"-O2", "-fPIC", "-fvisibility=hidden", "-c", tableSource, "-o", tableObject,
                      "-I", options.runtime.includeDir, "-Wa,-I," + scratch.file("")},
                     scratch.file(""))))
    return failure();
  objects.push_back(tableObject);

  if (failed(
          packLibrary(loc, objects, entryPoints(table.name, extras), options, scratch, packed)) ||
      failed(publish(loc, packed, header, options)))
    return failure();
  cache.store(library, packed);
  timer.done("wrote " + options.outputPath);
  return success();
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
              .compile_to_lowered_stmt(path, kernel.arguments(), Halide::Text,
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
