// Runs the system tools that compile the model table and link, join or archive the library.
#include "Toolchain.h"

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

namespace cnnc {

std::string toolFromEnv(const char *envVar, const char *fallback) {
  const char *value = std::getenv(envVar);
  return value && *value ? value : fallback;
}

mlir::LogicalResult runTool(mlir::Location loc, const std::string &program,
                            const std::vector<std::string> &args, const std::string &workDir) {
  auto path = llvm::sys::findProgramByName(program);
  if (!path)
    return mlir::emitError(loc) << "cannot find '" << program << "' on PATH (needed to build the "
                                << "model library; set CC, CXX, OBJCOPY or AR to choose another)";
  llvm::SmallString<256> log(workDir);
  llvm::sys::path::append(log, "tool.log");
  std::vector<llvm::StringRef> argv{*path};
  argv.insert(argv.end(), args.begin(), args.end());
  llvm::Optional<llvm::StringRef> redirects[] = {llvm::None, llvm::StringRef(log),
                                                 llvm::StringRef(log)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*path, argv, llvm::None, redirects, 0, 0, &message);
  if (status == 0)
    return mlir::success();
  auto output = llvm::MemoryBuffer::getFile(log);
  auto diag = mlir::emitError(loc) << "'" << program << "' failed";
  if (!message.empty())
    diag << " (" << message << ")";
  if (output)
    diag << ":\n" << (*output)->getBuffer().rtrim();
  return diag;
}

} // namespace cnnc
