// Binds the syntax tree into a Model: layers, Keras's names, tensors, outputs, compile().
#include "Arguments.h"
#include "Binder.h"
#include "Diagnostics.h"
#include "Params.h"
#include "Signatures.h"

#include "cnnc/frontend/Frontend.h"

#include "llvm/ADT/StringMap.h"

#include <numeric>

namespace cnnc {

namespace {

/// A layer whose call is bound, with when that happened: Keras numbers names by it.
struct BoundLayer {
  Layer layer;
  unsigned constructed;
};

class Analyzer {
public:
  explicit Analyzer(llvm::SourceMgr &sources) : diag(sources) {}

  std::optional<Model> analyze(const ModelAST &ast);

private:
  bool statement(const StatementAST &statement);
  bool outputsStatement(const StatementAST &statement);
  bool compileStatement(const StatementAST &statement, const CallExprAST &call);

  /// A tensor: a tensor name, a layer application, or an Input(...) call.
  std::optional<int> tensor(const ExprAST &expr);
  /// A layer call standing alone as a statement: fed by the previous statement (Sequential).
  std::optional<int> sequentialLayer(const CallExprAST &call);
  /// `Layer(...)(operand)` (functional).
  std::optional<int> appliedLayer(const ApplyExprAST &apply);

  /// Binds the call's arguments into a new layer, not yet in the model.
  std::optional<BoundLayer> bindLayer(const CallExprAST &call);
  /// Reserves an explicit layer name; a second use is an error.
  bool claimName(const std::string &name, const Location &loc);
  int addLayer(BoundLayer bound, std::vector<int> inputs);
  void nameLayers();

  Diagnostics diag;
  Model model;
  std::vector<unsigned> constructed; // per layer: BoundLayer::constructed
  unsigned nextConstruction = 0;
  llvm::StringMap<Location> explicitNames; // `name=` values and where they were first given
  llvm::StringMap<int> tensors;            // tensor name -> layer
  std::optional<int> previous;             // the last statement's tensor, for Sequential
  std::optional<Location> outputsAt;
};

std::optional<Model> Analyzer::analyze(const ModelAST &ast) {
  model.name = ast.name;
  model.loc = ast.loc;
  for (const StatementAST &s : ast.statements)
    if (!statement(s))
      return std::nullopt;
  if (model.layers.empty()) {
    diag.error(ast.nameLoc, "model '" + ast.name + "' has no layers");
    return std::nullopt;
  }
  if (!outputsAt)
    model.outputs = {*previous};
  nameLayers();
  return std::move(model);
}

bool Analyzer::statement(const StatementAST &s) {
  if (s.target == "outputs")
    return outputsStatement(s);
  std::optional<int> result;
  if (const auto *call = llvm::dyn_cast<CallExprAST>(s.value.get())) {
    if (call->getCallee() == compileSignature().name)
      return compileStatement(s, *call);
    result = sequentialLayer(*call);
  } else if (const auto *apply = llvm::dyn_cast<ApplyExprAST>(s.value.get())) {
    result = appliedLayer(*apply);
  } else {
    std::string got;
    llvm::raw_string_ostream os(got);
    printExpr(*s.value, os);
    diag.error(s.value->getLoc(), "expected a layer call, got " + got);
    return false;
  }
  if (!result)
    return false;
  if (!s.target.empty()) {
    tensors[s.target] = *result;
    model.functional = true;
  }
  previous = result;
  return true;
}

bool Analyzer::outputsStatement(const StatementAST &s) {
  if (outputsAt) {
    diag.error(s.targetLoc, "outputs given twice");
    diag.note(*outputsAt, "first given here");
    return false;
  }
  outputsAt = s.targetLoc;
  model.functional = true;
  const auto *list = llvm::dyn_cast<SequenceExprAST>(s.value.get());
  if (!list || !list->isList()) {
    std::optional<int> output = tensor(*s.value);
    if (output)
      model.outputs = {*output};
    return output.has_value();
  }
  if (list->getElements().empty()) {
    diag.error(list->getLoc(), "outputs must list at least one tensor");
    return false;
  }
  for (const ExprPtr &element : list->getElements()) {
    std::optional<int> output = tensor(*element);
    if (!output)
      return false;
    model.outputs.push_back(*output);
  }
  return true;
}

bool Analyzer::compileStatement(const StatementAST &s, const CallExprAST &call) {
  if (!s.target.empty()) {
    diag.error(s.targetLoc, "compile(...) produces no tensor to assign to '" + s.target + "'");
    return false;
  }
  if (model.compile.present) {
    diag.error(call.getLoc(), "compile(...) given twice");
    diag.note(model.compile.loc, "first given here");
    return false;
  }
  model.compile.present = true;
  model.compile.loc = call.getLoc();
  const Signature &signature = compileSignature();
  return bindCall(call, signature, diag, [&](const ParamSpec &spec, const ExprAST &value) {
    return setCompileParam(model.compile, Argument(diag, signature, spec, value), diag);
  });
}

std::optional<int> Analyzer::tensor(const ExprAST &expr) {
  if (const auto *name = llvm::dyn_cast<NameExprAST>(&expr)) {
    auto found = tensors.find(name->getName());
    if (found != tensors.end())
      return found->second;
    std::vector<llvm::StringRef> known;
    for (const auto &entry : tensors)
      known.push_back(entry.getKey());
    llvm::sort(known);
    diag.error(expr.getLoc(),
               "undefined tensor '" + name->getName() + "'" + didYouMean(name->getName(), known));
    return std::nullopt;
  }
  if (const auto *apply = llvm::dyn_cast<ApplyExprAST>(&expr))
    return appliedLayer(*apply);
  if (const auto *call = llvm::dyn_cast<CallExprAST>(&expr)) {
    std::optional<BoundLayer> bound = bindLayer(*call);
    if (!bound)
      return std::nullopt;
    if (layerSignature(bound->layer.kind).arity != Arity::None) {
      diag.error(call->getLoc(), call->getCallee() +
                                     "(...) is a layer, not a tensor; apply it to " +
                                     "a tensor: " + call->getCallee() + "(...)(x)");
      return std::nullopt;
    }
    return addLayer(std::move(*bound), {});
  }
  std::string got;
  llvm::raw_string_ostream os(got);
  printExpr(expr, os);
  diag.error(expr.getLoc(), "expected a tensor, got " + got);
  return std::nullopt;
}

std::optional<int> Analyzer::sequentialLayer(const CallExprAST &call) {
  std::optional<BoundLayer> bound = bindLayer(call);
  if (!bound)
    return std::nullopt;
  const LayerSignature &signature = layerSignature(bound->layer.kind);
  std::vector<int> inputs;
  switch (signature.arity) {
  case Arity::None:
    break;
  case Arity::One:
    if (!previous) {
      diag.error(call.getLoc(),
                 signature.call.name + " has no input: a model starts with Input(shape=...)");
      return std::nullopt;
    }
    inputs = {*previous};
    break;
  case Arity::AtLeastTwo:
    diag.error(call.getLoc(), signature.call.name +
                                  " needs a list of at least 2 tensors; apply it to one: " +
                                  signature.call.name + "()([a, b])");
    return std::nullopt;
  }
  return addLayer(std::move(*bound), std::move(inputs));
}

std::optional<int> Analyzer::appliedLayer(const ApplyExprAST &apply) {
  model.functional = true;
  std::optional<BoundLayer> bound = bindLayer(apply.getLayer());
  if (!bound)
    return std::nullopt;
  const LayerSignature &signature = layerSignature(bound->layer.kind);
  const llvm::StringRef name = signature.call.name;
  const ExprAST &operand = apply.getOperand();
  const auto *list = llvm::dyn_cast<SequenceExprAST>(&operand);
  bool isList = list && list->isList();
  std::vector<int> inputs;
  switch (signature.arity) {
  case Arity::None:
    diag.error(operand.getLoc(), name + " creates a tensor and cannot be applied to one");
    return std::nullopt;
  case Arity::One: {
    if (isList) {
      diag.error(operand.getLoc(), name + " takes a single tensor, got a list");
      return std::nullopt;
    }
    std::optional<int> input = tensor(operand);
    if (!input)
      return std::nullopt;
    inputs = {*input};
    break;
  }
  case Arity::AtLeastTwo:
    if (!isList || list->getElements().size() < 2) {
      diag.error(operand.getLoc(),
                 name + " needs a list of at least 2 tensors, got " +
                     (isList ? "a list of " + std::to_string(list->getElements().size())
                             : std::string("a single tensor")));
      return std::nullopt;
    }
    for (const ExprPtr &element : list->getElements()) {
      std::optional<int> input = tensor(*element);
      if (!input)
        return std::nullopt;
      inputs.push_back(*input);
    }
    break;
  }
  return addLayer(std::move(*bound), std::move(inputs));
}

std::optional<BoundLayer> Analyzer::bindLayer(const CallExprAST &call) {
  const LayerSignature *signature = findLayer(call.getCallee());
  if (!signature) {
    if (call.getCallee() == compileSignature().name) {
      diag.error(call.getLoc(), "compile(...) is not a layer; it is a statement of its own");
      return std::nullopt;
    }
    std::vector<llvm::StringRef> names;
    for (const LayerSignature &layer : layerSignatures())
      names.push_back(layer.call.name);
    diag.error(call.getLoc(),
               "unknown layer '" + call.getCallee() + "'" + didYouMean(call.getCallee(), names));
    return std::nullopt;
  }
  Layer layer;
  layer.kind = signature->kind;
  layer.loc = call.getLoc();
  bool bound =
      bindCall(call, signature->call, diag, [&](const ParamSpec &spec, const ExprAST &value) {
        return setLayerParam(layer, Argument(diag, signature->call, spec, value)) &&
               (spec.param != Param::Name || claimName(layer.name, value.getLoc()));
      });
  if (!bound)
    return std::nullopt;
  return BoundLayer{std::move(layer), nextConstruction++};
}

bool Analyzer::claimName(const std::string &name, const Location &loc) {
  if (name.empty())
    return true;
  auto [first, inserted] = explicitNames.try_emplace(name, loc);
  if (!inserted) {
    diag.error(loc, "duplicate layer name '" + name + "'");
    diag.note(first->second, "first used here");
  }
  return inserted;
}

int Analyzer::addLayer(BoundLayer bound, std::vector<int> inputs) {
  bound.layer.inputs = std::move(inputs);
  int index = static_cast<int>(model.layers.size());
  if (bound.layer.kind == LayerKind::Input)
    model.inputs.push_back(index);
  model.layers.push_back(std::move(bound.layer));
  constructed.push_back(bound.constructed);
  return index;
}

// Keras numbers automatic names per class in the order the layer objects are constructed, which
// is source order: in Dense(10)(Dense(20)(x)) the outer layer is `dense` and the inner
// `dense_1`. Numbers taken by explicit names are skipped.
void Analyzer::nameLayers() {
  std::vector<int> order(model.layers.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](int a, int b) { return constructed[a] < constructed[b]; });
  llvm::StringMap<unsigned> nextNumber;
  for (int index : order) {
    Layer &layer = model.layers[index];
    if (!layer.name.empty())
      continue;
    const LayerSignature &signature = layerSignature(layer.kind);
    unsigned &number =
        nextNumber.try_emplace(signature.autoName, signature.firstAutoNumber).first->second;
    do {
      layer.name = signature.autoName.str();
      if (number > 0)
        layer.name += "_" + std::to_string(number);
      ++number;
    } while (explicitNames.count(layer.name));
  }
}

} // namespace

std::optional<Model> analyzeModel(const ModelAST &ast, llvm::SourceMgr &sources) {
  return Analyzer(sources).analyze(ast);
}

} // namespace cnnc
