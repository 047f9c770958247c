// Where cnnc finds the runtime it builds models against: relative to its own executable.
#ifndef CNNC_TOOLS_CNNC_RUNTIMEFILES_H
#define CNNC_TOOLS_CNNC_RUNTIMEFILES_H

#include "cnnc/codegen/Library.h"

#include "llvm/Support/Error.h"

namespace cnnc {

/// libcnnrt.so and the headers beside the running cnnc (<prefix>/bin/cnnc with <prefix>/lib and
/// <prefix>/include, installed or in the build tree); an error names what is missing.
llvm::Expected<RuntimeFiles> findRuntimeFiles(const char *argv0);

} // namespace cnnc

#endif // CNNC_TOOLS_CNNC_RUNTIMEFILES_H
