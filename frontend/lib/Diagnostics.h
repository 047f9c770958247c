// Reports frontend errors at a Location through llvm::SourceMgr, as file:line:col: error: ...
#ifndef CNNC_FRONTEND_LIB_DIAGNOSTICS_H
#define CNNC_FRONTEND_LIB_DIAGNOSTICS_H

#include "cnnc/frontend/Location.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SourceMgr.h"

#include <string>

namespace cnnc {

class Diagnostics {
public:
  explicit Diagnostics(llvm::SourceMgr &sources) : sources(sources) {}

  void error(const Location &loc, const llvm::Twine &message) const;
  void warning(const Location &loc, const llvm::Twine &message) const;
  void note(const Location &loc, const llvm::Twine &message) const;

private:
  void report(const Location &loc, llvm::SourceMgr::DiagKind kind,
              const llvm::Twine &message) const;

  llvm::SourceMgr &sources;
};

/// "; did you mean 'X'?" for the candidate closest to `word` when it is close enough to be a
/// likely typo (case is ignored), else "".
std::string didYouMean(llvm::StringRef word, llvm::ArrayRef<llvm::StringRef> candidates);

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_DIAGNOSTICS_H
