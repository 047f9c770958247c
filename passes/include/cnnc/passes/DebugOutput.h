// -debug-only for the passes' DEBUG_TYPEs, also with an LLVM built without it.
#ifndef CNNC_PASSES_DEBUGOUTPUT_H
#define CNNC_PASSES_DEBUGOUTPUT_H

#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace cnnc {

/// True when debug output of `type` (a DEBUG_TYPE) was asked for.
bool debugOutputEnabled(const char *type);

/// Turns on the debug output of `types`, as LLVM's -debug-only does.
void enableDebugOutput(llvm::ArrayRef<std::string> types);

/// Adds `-debug-only=TYPE[,TYPE...]` to the command line, unless LLVM has it already.
void registerDebugOutputOption();

} // namespace cnnc

#endif // CNNC_PASSES_DEBUGOUTPUT_H
