// Binds the syntax tree into a Model: layers, Keras's names, tensors, outputs, compile(), fit();
// for a Python file also Sequential(...), model.add(...) and keras.Model(inputs, outputs).
#include "Arguments.h"
#include "Binder.h"
#include "Connections.h"
#include "Diagnostics.h"
#include "Params.h"
#include "Scope.h"
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
  Analyzer(llvm::SourceMgr &sources, const ModelAST &ast)
      : diag(sources), ast(ast), scope(ast.imports) {}

  std::optional<Model> analyze();

private:
  bool statement(const StatementAST &statement);
  bool callStatement(const StatementAST &statement, const CallExprAST &call);
  /// The statement's tensor: named by its target (in the model language a named tensor makes
  /// the model functional when `functional`), and the input of the next Sequential layer.
  bool takeResult(const StatementAST &statement, std::optional<int> result, bool functional);
  bool outputsStatement(const StatementAST &statement);
  bool compileStatement(const StatementAST &statement, const CallExprAST &call);
  bool fitStatement(const CallExprAST &call);
  /// compile() and fit() are given once: marks `present` and where, or reports the second.
  bool claimOnce(bool &present, Location &first, const CallExprAST &call, llvm::StringRef what);
  /// `MODEL.add(...)`, `MODEL.compile(...)`, `MODEL.fit(...)`, or in the model language the
  /// same without `MODEL.`.
  bool methodStatement(const StatementAST &statement, const CallExprAST &call,
                       llvm::StringRef object, llvm::StringRef method);
  bool sequentialModel(const StatementAST &statement, const CallExprAST &call);
  bool functionalModel(const StatementAST &statement, const CallExprAST &call);
  /// A Python file builds one model, assigned to a name.
  bool claimModel(const StatementAST &statement, const CallExprAST &call);
  bool setModelName(const Argument &arg);

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
  const ModelAST &ast;
  Scope scope;
  std::string modelVariable; // the name a Python file's model is assigned to
  std::optional<Location> modelAt;
  bool inputsListed = false; // keras.Model(inputs=...) gave the inputs
  Model model;
  std::vector<unsigned> constructed; // per layer: BoundLayer::constructed
  unsigned nextConstruction = 0;
  llvm::StringMap<Location> explicitNames; // `name=` values and where they were first given
  llvm::StringMap<int> tensors;            // tensor name -> layer
  std::optional<int> previous;             // the last statement's tensor, for Sequential
  std::optional<Location> outputsAt;
  WrittenOutputs outputLosses; // compile()'s, matched to the outputs once they are final
};

/// The Analyzer's messages about compile()'s outputs, at the values they are about.
class DiagnosedOutputs : public OutputComplaints {
public:
  explicit DiagnosedOutputs(const Diagnostics &diag) : diag(diag) {}
  void error(const Where &at, const std::string &message) override {
    diag.error(at.value_or(Location{}), message);
  }
  void warning(const Where &at, const std::string &message) override {
    diag.warning(at.value_or(Location{}), message);
  }

private:
  const Diagnostics &diag;
};

std::optional<Model> Analyzer::analyze() {
  model.name = ast.name;
  model.loc = ast.loc;
  for (const StatementAST &s : ast.statements)
    if (!statement(s))
      return std::nullopt;
  if (ast.script && !modelAt) {
    diag.error(ast.loc, "no model here: build one with keras.Sequential(...) or "
                        "keras.Model(inputs, outputs)");
    return std::nullopt;
  }
  if (model.layers.empty()) {
    diag.error(ast.nameLoc, "model '" + model.name + "' has no layers");
    return std::nullopt;
  }
  if (!outputsAt)
    model.outputs = {*previous};
  nameLayers();
  if (!keepConnectedLayers(model, inputsListed, diag))
    return std::nullopt;
  DiagnosedOutputs complaints(diag);
  if (model.compile.present && !resolveOutputLosses(outputLosses, model, complaints))
    return std::nullopt;
  return std::move(model);
}

bool Analyzer::statement(const StatementAST &s) {
  // In the model language `outputs = ...` names the outputs; Python passes them to keras.Model.
  if (s.target == "outputs" && !ast.script)
    return outputsStatement(s);
  ExprPtr value = scope.resolve(*s.value);
  if (const auto *call = llvm::dyn_cast<CallExprAST>(value.get())) {
    // An optimizer, loss or callback assigned to a name is used by compile() or fit().
    if (isSettingClass(call->getCallee()) && !s.target.empty()) {
      scope.define(s.target, std::move(value));
      return true;
    }
    return callStatement(s, *call);
  }
  std::optional<int> result;
  if (const auto *apply = llvm::dyn_cast<ApplyExprAST>(value.get())) {
    result = appliedLayer(*apply);
  } else if (const auto *name = llvm::dyn_cast<NameExprAST>(value.get());
             name && tensors.count(name->getName()) && !s.target.empty()) {
    result = tensors.lookup(name->getName()); // x = inputs
  } else if (!s.target.empty() && !llvm::isa<NameExprAST>(value.get())) {
    tensors.erase(s.target); // num_classes = 10, input_shape = (28, 28, 1)
    scope.define(s.target, std::move(value));
    return true;
  } else {
    std::string got;
    llvm::raw_string_ostream os(got);
    printExpr(*value, os);
    diag.error(value->getLoc(), "expected a layer call, got " + got);
    return false;
  }
  return takeResult(s, result, true);
}

bool Analyzer::takeResult(const StatementAST &s, std::optional<int> result, bool functional) {
  if (!result)
    return false;
  if (!s.target.empty()) {
    scope.forget(s.target);
    tensors[s.target] = *result;
    model.functional = model.functional || functional;
  }
  previous = result;
  return true;
}

bool Analyzer::callStatement(const StatementAST &s, const CallExprAST &call) {
  auto [object, method] = llvm::StringRef(call.getCallee()).rsplit('.');
  if (!method.empty() || object == "compile" || object == "fit" || object == "add")
    return method.empty() ? methodStatement(s, call, "", object)
                          : methodStatement(s, call, object, method);
  if (object == sequentialSignature().name)
    return sequentialModel(s, call);
  if (object == functionalModelSignature().name)
    return functionalModel(s, call);
  if (ast.script) {
    // In Python a layer call builds a layer object, which does nothing until it is used.
    std::optional<BoundLayer> bound = bindLayer(call);
    if (!bound)
      return false;
    if (layerSignature(bound->layer.kind).arity != Arity::None) {
      diag.error(call.getLoc(), call.getCallee() +
                                    "(...) makes a layer that nothing uses: add it to the model "
                                    "with MODEL.add(...), or apply it to a tensor: " +
                                    call.getCallee() + "(...)(x)");
      return false;
    }
    return takeResult(s, addLayer(std::move(*bound), {}), false);
  }
  return takeResult(s, sequentialLayer(call), true);
}

bool Analyzer::methodStatement(const StatementAST &s, const CallExprAST &call,
                               llvm::StringRef object, llvm::StringRef method) {
  if (ast.script && object != modelVariable) {
    diag.error(call.getLoc(),
               "'" + object + "' is not the model" +
                   (modelAt ? "; the model is '" + modelVariable + "'"
                            : std::string("; build it first with keras.Sequential(...)")));
    return false;
  }
  if (!ast.script && !object.empty()) {
    diag.error(call.getLoc(), "the model language calls '" + method + "(...)' on its own, not '" +
                                  object + "." + method + "(...)'");
    return false;
  }
  if (method == "compile")
    return compileStatement(s, call);
  if (method == "fit")
    return fitStatement(call);
  if (method != "add") {
    diag.error(call.getLoc(), "unknown model method '" + method +
                                  "'; cnnc reads add, compile "
                                  "and fit");
    return false;
  }
  const auto *layer = call.getArgs().size() == 1 && call.getKeywords().empty()
                          ? llvm::dyn_cast<CallExprAST>(call.getArgs()[0].get())
                          : nullptr;
  if (!layer) {
    diag.error(call.getLoc(), "add(...) takes one layer call, e.g. add(Dense(10))");
    return false;
  }
  std::optional<int> result = sequentialLayer(*layer);
  if (result)
    previous = result;
  return result.has_value();
}

// Sequential(name=...) and Model(name=...); None keeps Keras's default name.
bool Analyzer::setModelName(const Argument &arg) {
  const auto *name = llvm::dyn_cast<StringExprAST>(&arg.getValue());
  if (isNone(arg.getValue()))
    return true;
  if (!name || name->getValue().empty())
    return arg.fail("a non-empty string");
  model.name = name->getValue();
  return true;
}

bool Analyzer::claimModel(const StatementAST &s, const CallExprAST &call) {
  if (modelAt) {
    diag.error(call.getLoc(), "a second model: cnnc compiles one model per file");
    diag.note(*modelAt, "the first is built here");
    return false;
  }
  if (ast.script && s.target.empty()) {
    diag.error(call.getLoc(), "assign the model to a name: model = " + call.getCallee() + "(...)");
    return false;
  }
  modelAt = call.getLoc();
  modelVariable = s.target;
  return true;
}

bool Analyzer::sequentialModel(const StatementAST &s, const CallExprAST &call) {
  if (!claimModel(s, call))
    return false;
  if (ast.script)
    model.name = "sequential";
  const ExprAST *layers = nullptr;
  const Signature &signature = sequentialSignature();
  bool bound = bindCall(call, signature, diag, [&](const ParamSpec &spec, const ExprAST &value) {
    Argument arg(diag, signature, spec, value);
    if (spec.param == Param::ModelName)
      return setModelName(arg);
    const auto *list = llvm::dyn_cast<SequenceExprAST>(&value);
    if (!isNone(value) && !list)
      return arg.fail("a list of layers");
    layers = list;
    return true;
  });
  if (!bound)
    return false;
  if (!layers)
    return true;
  for (const ExprPtr &element : llvm::cast<SequenceExprAST>(layers)->getElements()) {
    const auto *layer = llvm::dyn_cast<CallExprAST>(element.get());
    if (!layer) {
      std::string got;
      llvm::raw_string_ostream os(got);
      printExpr(*element, os);
      diag.error(element->getLoc(), "Sequential takes a list of layer calls, got " + got);
      return false;
    }
    std::optional<int> result = sequentialLayer(*layer);
    if (!result)
      return false;
    previous = result;
  }
  return true;
}

bool Analyzer::functionalModel(const StatementAST &s, const CallExprAST &call) {
  if (!claimModel(s, call))
    return false;
  model.functional = true;
  if (ast.script)
    model.name = "functional";
  const Signature &signature = functionalModelSignature();
  std::vector<int> inputs, outputs;
  bool bound = bindCall(call, signature, diag, [&](const ParamSpec &spec, const ExprAST &value) {
    Argument arg(diag, signature, spec, value);
    if (spec.param == Param::ModelName)
      return setModelName(arg);
    std::vector<const ExprAST *> elements;
    if (const auto *list = llvm::dyn_cast<SequenceExprAST>(&value))
      for (const ExprPtr &element : list->getElements())
        elements.push_back(element.get());
    else
      elements.push_back(&value);
    std::vector<int> &tensorsOf = spec.keyword == "inputs" ? inputs : outputs;
    for (const ExprAST *element : elements) {
      if (!llvm::isa<NameExprAST>(element))
        return arg.fail("a tensor or a list of tensors", *element);
      std::optional<int> found = tensor(*element);
      if (!found)
        return false;
      if (spec.keyword == "inputs" && model.layers[*found].kind != LayerKind::Input)
        return arg.fail("Input tensors", *element);
      tensorsOf.push_back(*found);
    }
    return true;
  });
  if (!bound)
    return false;
  model.inputs = inputs;
  model.outputs = outputs;
  inputsListed = true;
  outputsAt = call.getLoc();
  return true;
}

bool Analyzer::claimOnce(bool &present, Location &first, const CallExprAST &call,
                         llvm::StringRef what) {
  if (present) {
    diag.error(call.getLoc(), what + "(...) given twice");
    diag.note(first, "first given here");
    return false;
  }
  present = true;
  first = call.getLoc();
  return true;
}

bool Analyzer::fitStatement(const CallExprAST &call) {
  if (!claimOnce(model.fit.present, model.fit.loc, call, "fit"))
    return false;
  const Signature &signature = fitSignature();
  return bindCall(call, signature, diag, [&](const ParamSpec &spec, const ExprAST &value) {
    return setFitParam(model.fit, Argument(diag, signature, spec, value), call.getLoc(), diag);
  });
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
  if (!claimOnce(model.compile.present, model.compile.loc, call, "compile"))
    return false;
  const Signature &signature = compileSignature();
  return bindCall(call, signature, diag, [&](const ParamSpec &spec, const ExprAST &value) {
    Argument arg(diag, signature, spec, value);
    return isOutputParam(spec.param) ? setOutputParam(outputLosses, arg, diag)
                                     : setCompileParam(model.compile, arg, diag);
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
    // Keras makes the Input of a Sequential model from its first layer's input_shape.
    if (!previous && !bound->layer.inputShape.empty()) {
      Layer input;
      input.kind = LayerKind::Input;
      input.loc = bound->layer.loc;
      input.shape = bound->layer.inputShape;
      previous = addLayer(BoundLayer{std::move(input), nextConstruction++}, {});
    } else if (!bound->layer.inputShape.empty()) {
      diag.warning(call.getLoc(), "input_shape is ignored on a layer that is not the model's "
                                  "first, as Keras ignores it");
    }
    if (!previous) {
      diag.error(call.getLoc(), signature.call.name +
                                    " has no input: a model starts with Input(shape=...) or a "
                                    "first layer with input_shape=...");
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
  if (model.layers.size() >= kMaxLayers) {
    diag.error(call.getLoc(), "the model has more than " + std::to_string(kMaxLayers) +
                                  " layers; cnnc compiles at most that many");
    return std::nullopt;
  }
  const LayerSignature *signature = findLayer(call.getCallee());
  if (!signature) {
    const std::string &callee = call.getCallee();
    if (callee == compileSignature().name || callee == fitSignature().name || callee == "add") {
      diag.error(call.getLoc(), callee + "(...) is not a layer; it is a statement of its own");
      return std::nullopt;
    }
    if (isUnsupportedKerasLayer(callee)) {
      diag.error(call.getLoc(), "Keras layer '" + callee + "' is not supported yet");
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
  if (const std::string problem = layerNameProblem(name); !problem.empty()) {
    diag.error(loc, "the layer name " + problem);
    return false;
  }
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
  return Analyzer(sources, ast).analyze();
}

} // namespace cnnc
