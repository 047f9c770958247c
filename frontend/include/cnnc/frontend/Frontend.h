// Reading a model file: the parser builds an AST, the analyzer binds it into a checked Model.
#ifndef CNNC_FRONTEND_FRONTEND_H
#define CNNC_FRONTEND_FRONTEND_H

#include "cnnc/frontend/AST.h"
#include "cnnc/frontend/Model.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>

namespace cnnc {

/// Parses buffer `bufferId` of `sources`. Errors are reported through `sources` as
/// "file:line:col: error: message" followed by the source line and a caret; returns null after
/// the first error.
std::unique_ptr<ModelAST> parseModel(llvm::SourceMgr &sources, unsigned bufferId);

/// Parses a Python file holding a model's Keras code: imports, constants, the model's
/// construction, compile() and fit(). Every other statement (data loading, plotting, print, a
/// compound statement with its block) is skipped with a warning "file:line:col: warning: skipped
/// ..."; an error in a statement that builds the model is reported like parseModel's.
std::unique_ptr<ModelAST> parseScript(llvm::SourceMgr &sources, unsigned bufferId);

/// Binds every layer call to its Keras signature (positional and keyword arguments, defaults,
/// types, value ranges), names layers the way Keras does, resolves tensor names and the
/// Sequential chaining. Reports errors like parseModel; returns nullopt after an error.
std::optional<Model> analyzeModel(const ModelAST &ast, llvm::SourceMgr &sources);

/// Prints the AST as an indented tree with the location of every node (`cnnc --emit=ast`).
void dumpAST(const ModelAST &ast, llvm::raw_ostream &os);

} // namespace cnnc

#endif // CNNC_FRONTEND_FRONTEND_H
