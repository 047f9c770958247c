// Frontend diagnostics: Locations back to SourceMgr positions, and typo suggestions.
#include "Diagnostics.h"

namespace cnnc {

// A Location names its buffer by file name; the newest buffer of that name wins, so a driver
// that reloads a file reports against the latest text.
void Diagnostics::report(const Location &loc, llvm::SourceMgr::DiagKind kind,
                         const llvm::Twine &message) const {
  llvm::SMLoc at;
  for (unsigned id = sources.getNumBuffers(); id >= 1 && loc.file; --id) {
    if (sources.getMemoryBuffer(id)->getBufferIdentifier() == *loc.file) {
      at = sources.FindLocForLineAndColumn(id, loc.line, loc.col);
      break;
    }
  }
  sources.PrintMessage(at, kind, message);
}

void Diagnostics::error(const Location &loc, const llvm::Twine &message) const {
  report(loc, llvm::SourceMgr::DK_Error, message);
}

void Diagnostics::warning(const Location &loc, const llvm::Twine &message) const {
  report(loc, llvm::SourceMgr::DK_Warning, message);
}

void Diagnostics::note(const Location &loc, const llvm::Twine &message) const {
  report(loc, llvm::SourceMgr::DK_Note, message);
}

std::string didYouMean(llvm::StringRef word, llvm::ArrayRef<llvm::StringRef> candidates) {
  std::string lowered = word.lower();
  llvm::StringRef best;
  unsigned bestDistance = 0;
  for (llvm::StringRef candidate : candidates) {
    unsigned distance = llvm::StringRef(lowered).edit_distance(candidate.lower());
    if (best.empty() || distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // About a third of the word may be wrong (a swap of two letters counts two), but never all
  // of it: 'q' is not a typo of 'x'.
  unsigned allowed = (word.size() + 2) / 3;
  if (best.empty() || bestDistance > allowed || bestDistance >= word.size())
    return "";
  return ("; did you mean '" + best + "'?").str();
}

} // namespace cnnc
