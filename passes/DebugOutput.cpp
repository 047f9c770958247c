// -debug-only through LLVM's own list of debug types, which a release build of LLVM keeps in
// the library while its Debug.h, compiled with NDEBUG, hides them behind macros.
#include "cnnc/passes/DebugOutput.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"

#include <vector>

#ifdef NDEBUG
#undef isCurrentDebugType
#undef setCurrentDebugTypes
namespace llvm {
bool isCurrentDebugType(const char *type);
void setCurrentDebugTypes(const char **types, unsigned count);
} // namespace llvm
#endif

namespace cnnc {

bool debugOutputEnabled(const char *type) {
  return llvm::DebugFlag && llvm::isCurrentDebugType(type);
}

void enableDebugOutput(llvm::ArrayRef<std::string> types) {
  std::vector<const char *> names;
  for (const std::string &type : types)
    names.push_back(type.c_str());
  llvm::setCurrentDebugTypes(names.data(), (unsigned)names.size());
  llvm::DebugFlag = true;
}

void registerDebugOutputOption() {
  if (llvm::cl::getRegisteredOptions().count("debug-only"))
    return;
  static std::vector<std::string> types;
  // Options live as long as the process; this one only where LLVM has none of its own.
  static llvm::cl::list<std::string> option(
      "debug-only", llvm::cl::CommaSeparated, llvm::cl::value_desc("debug type"),
      llvm::cl::desc("Print the debug output of these DEBUG_TYPEs (cnn-choose-tiling)"),
      llvm::cl::cb<void, const std::string &>([](const std::string &type) {
        types.push_back(type);
        enableDebugOutput(types);
      }));
}

} // namespace cnnc
