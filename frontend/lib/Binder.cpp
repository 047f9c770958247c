// The generic argument binder, driven by the signature tables.
#include "Binder.h"
#include "Parser.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MemoryBuffer.h"

#include <mutex>

namespace cnnc {

// Defaults are model-language text in the tables; each is parsed once and bound like a written
// argument, so defaults and user values pass the same checks.
const ExprAST &defaultValue(const ParamSpec &spec) {
  static std::mutex mutex;
  static llvm::StringMap<ExprPtr> parsed;
  std::lock_guard<std::mutex> lock(mutex);
  ExprPtr &expr = parsed[spec.defaultValue];
  if (!expr) {
    llvm::SourceMgr sources;
    unsigned id = sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(spec.defaultValue, "<default>"), llvm::SMLoc());
    expr = Parser(sources, id).parseStandaloneExpr();
    if (!expr)
      llvm::report_fatal_error("malformed default in a signature table");
  }
  return *expr;
}

namespace {

std::string plural(size_t count, llvm::StringRef noun) {
  return std::to_string(count) + " " + noun.str() + (count == 1 ? "" : "s");
}

} // namespace

bool bindCall(const CallExprAST &call, const Signature &signature, const Diagnostics &diag,
              ParamSetter set) {
  const std::vector<ParamSpec> &params = signature.params;
  std::vector<const ExprAST *> bound(params.size(), nullptr);
  std::vector<Location> boundAt(params.size());

  const std::vector<ExprPtr> &args = call.getArgs();
  if (args.size() > signature.numPositional) {
    const Location &at = args[signature.numPositional]->getLoc();
    if (signature.numPositional == 0)
      diag.error(at, signature.name + " takes no positional arguments");
    else
      diag.error(at, signature.name + " takes at most " +
                         plural(signature.numPositional, "positional argument") + ", got " +
                         std::to_string(args.size()));
    return false;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    bound[i] = args[i].get();
    boundAt[i] = args[i]->getLoc();
  }

  for (const KeywordArgAST &keyword : call.getKeywords()) {
    auto spec = llvm::find_if(
        params, [&](const ParamSpec &param) { return param.keyword == keyword.name; });
    if (spec == params.end()) {
      std::vector<llvm::StringRef> keywords;
      for (const ParamSpec &param : params)
        keywords.push_back(param.keyword);
      diag.error(keyword.loc, signature.name + " has no argument '" + keyword.name + "'" +
                                  didYouMean(keyword.name, keywords));
      return false;
    }
    size_t index = spec - params.begin();
    if (bound[index]) {
      diag.error(keyword.loc,
                 "argument '" + keyword.name + "' of " + signature.name + " is given twice");
      diag.note(boundAt[index], "first given here");
      return false;
    }
    bound[index] = keyword.value.get();
    boundAt[index] = keyword.loc;
  }

  for (size_t i = 0; i < params.size(); ++i) {
    if (!bound[i] && !params[i].defaultValue) {
      diag.error(call.getLoc(),
                 signature.name + " is missing required argument '" + params[i].keyword + "'");
      return false;
    }
  }
  for (size_t i = 0; i < params.size(); ++i)
    if (!set(params[i], bound[i] ? *bound[i] : defaultValue(params[i])))
      return false;
  return true;
}

} // namespace cnnc
