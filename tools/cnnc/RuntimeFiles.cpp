// Where cnnc finds the runtime it builds models against: relative to its own executable.
#include "RuntimeFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace cnnc {

static std::string beside(llvm::StringRef binDir, llvm::StringRef relative, llvm::StringRef name) {
  llvm::SmallString<256> path(binDir);
  llvm::sys::path::append(path, relative, name);
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  return std::string(path);
}

llvm::Expected<RuntimeFiles> findRuntimeFiles(const char *argv0) {
  static int anchor; // any address inside cnnc
  std::string executable = llvm::sys::fs::getMainExecutable(argv0, &anchor);
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(executable, real))
    real = executable;
  llvm::StringRef binDir = llvm::sys::path::parent_path(real);
  RuntimeFiles files{beside(binDir, CNNC_BIN_TO_LIB, CNNRT_SHARED_NAME),
                     beside(binDir, CNNC_BIN_TO_INCLUDE, "")};
  for (const std::string &needed : {files.sharedLibrary, files.includeDir + "/cnn/model_desc.h"})
    if (!llvm::sys::fs::exists(needed))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot find the runtime: '" + needed +
                                         "' is missing beside cnnc (" + real.str() +
                                         "); reinstall cnnc, or rebuild it");
  return files;
}

} // namespace cnnc
