// Test helper: runs the frontend on model text held in memory and captures its diagnostics.
#ifndef CNNC_TESTS_FRONTEND_FRONTENDTESTUTIL_H
#define CNNC_TESTS_FRONTEND_FRONTENDTESTUTIL_H

#include "cnnc/frontend/Frontend.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cnnc::test {

/// One source buffer named "t.cnn" in its own SourceMgr; diagnostics are printed into a string
/// instead of stderr.
class Source {
public:
  explicit Source(llvm::StringRef text) {
    sources.setDiagHandler(capture, &printed);
    bufferId = sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "t.cnn"),
                                          llvm::SMLoc());
  }

  std::unique_ptr<ModelAST> parse() { return parseModel(sources, bufferId); }

  std::optional<Model> analyze() {
    ast = parse();
    return ast ? analyzeModel(*ast, sources) : std::nullopt;
  }

  /// Everything reported, with the source lines and carets.
  const std::string &diagnostics() const { return printed; }

private:
  static void capture(const llvm::SMDiagnostic &diagnostic, void *context) {
    llvm::raw_string_ostream os(*static_cast<std::string *>(context));
    diagnostic.print(nullptr, os, /*ShowColors=*/false);
  }

  llvm::SourceMgr sources;
  unsigned bufferId = 0;
  std::string printed;
  std::unique_ptr<ModelAST> ast;
};

/// The first line of what the frontend reports for `text`, which must fail.
inline std::string firstError(llvm::StringRef text) {
  Source source(text);
  if (source.analyze())
    ADD_FAILURE() << "expected an error for:\n" << text.str();
  const std::string &printed = source.diagnostics();
  return printed.substr(0, printed.find('\n'));
}

/// `body` inside `model m { ... }`: body line N is file line N + 1.
inline std::string inModel(llvm::StringRef body) { return "model m {\n" + body.str() + "\n}\n"; }

inline std::string readExample(const std::string &name) {
  std::ifstream file(std::string(CNNC_EXAMPLES_DIR) + "/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

} // namespace cnnc::test

#endif // CNNC_TESTS_FRONTEND_FRONTENDTESTUTIL_H
