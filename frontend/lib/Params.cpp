// Reading each parameter's value into its field of the Model: the meaning of the signatures.
#include "Params.h"
#include "Binder.h"

#include "llvm/Support/ErrorHandling.h"

namespace cnnc {

namespace {

// 'adam' binds like Adam() does, so a named optimizer gets the class's defaults.
bool setOptimizer(CompileConfig &config, const Argument &arg, const Diagnostics &diag) {
  const ExprAST &value = arg.getValue();
  std::optional<std::string> word = matchWord(value);
  const auto *call = llvm::dyn_cast<CallExprAST>(&value);
  for (const OptimizerSignature &optimizer : optimizerSignatures()) {
    bool named = word && llvm::StringRef(*word).equals_insensitive(optimizer.id);
    if (!named && !(call && call->getCallee() == optimizer.call.name))
      continue;
    config.optimizer = optimizer.id.str();
    CallExprAST defaults(value.getLoc(), optimizer.call.name.str(), {}, {});
    return bindCall(call ? *call : defaults, optimizer.call, diag,
                    [&](const ParamSpec &spec, const ExprAST &param) {
                      return setCompileParam(config, Argument(diag, optimizer.call, spec, param),
                                             diag);
                    });
  }
  return arg.fail("'adam', 'sgd', 'rmsprop', Adam(...), SGD(...) or RMSprop(...)");
}

bool setShape(std::vector<int64_t> &shape, const Argument &arg) {
  std::optional<std::vector<int64_t>> tuple = matchPositiveTuple(arg.getValue());
  if (!tuple || tuple->empty() || tuple->size() > 3)
    return arg.fail("a tuple of 1 to 3 positive integers");
  shape = *tuple;
  return true;
}

// Keras's Reshape: positive sizes, one of which may be -1 (the rest of the elements).
bool setTargetShape(std::vector<int64_t> &shape, const Argument &arg) {
  const auto *tuple = llvm::dyn_cast<SequenceExprAST>(&arg.getValue());
  std::vector<int64_t> sizes;
  for (size_t i = 0; tuple && !tuple->isList() && i < tuple->getElements().size(); ++i) {
    std::optional<int64_t> size = matchInteger(*tuple->getElements()[i]);
    if (!size || (*size <= 0 && *size != -1) || (*size == -1 && llvm::is_contained(sizes, -1)))
      break;
    sizes.push_back(*size);
  }
  if (!tuple || tuple->isList() || sizes.empty() || sizes.size() > 3 ||
      sizes.size() != tuple->getElements().size())
    return arg.fail("a tuple of 1 to 3 positive integers, one of which may be -1");
  shape = sizes;
  return true;
}

} // namespace

bool setCommonParam(const Argument &arg) {
  switch (arg.getParam()) {
  case Param::Ignored:
    return true;
  case Param::KerasDefault:
    if (sameValue(arg.getValue(), defaultValue(arg.getSpec())))
      return true;
    return arg.fail(llvm::Twine(arg.getSpec().defaultValue) +
                    " (cnnc does not support other values yet)");
  default:
    llvm_unreachable("not a common parameter");
  }
}

bool setLayerParam(Layer &layer, const Argument &arg) {
  const ExprAST &value = arg.getValue();
  Param param = arg.getParam();
  switch (param) {
  case Param::Shape:
    return setShape(layer.shape, arg);
  case Param::TargetShape:
    return setTargetShape(layer.shape, arg);
  case Param::InputShape:
    return isNone(value) || setShape(layer.inputShape, arg);
  case Param::Units: {
    std::optional<int64_t> units = matchPositiveInt(value);
    if (!units)
      return arg.fail("a positive integer");
    layer.units = *units;
    return true;
  }
  case Param::KernelSize:
  case Param::Strides:
  case Param::PoolStrides: {
    // Keras pools with strides=None stride by the pool size; pool_size is bound first.
    if (param == Param::PoolStrides && isNone(value)) {
      layer.strides = layer.kernel;
      return true;
    }
    std::optional<std::array<int64_t, 2>> pair = matchPositivePair(value);
    if (!pair)
      return arg.fail(param == Param::PoolStrides
                          ? "None, a positive integer or a tuple of 2 positive integers"
                          : "a positive integer or a tuple of 2 positive integers");
    (param == Param::KernelSize ? layer.kernel : layer.strides) = *pair;
    return true;
  }
  case Param::Padding: {
    // Keras lower-cases padding before checking it.
    std::optional<std::string> word = matchWord(value);
    std::string padding = word ? llvm::StringRef(*word).lower() : "";
    if (padding != "same" && padding != "valid")
      return arg.fail("'same' or 'valid'");
    layer.padding = padding == "same" ? Padding::Same : Padding::Valid;
    return true;
  }
  case Param::Activation: {
    std::optional<std::string> word = matchWord(value);
    if (isNone(value)) {
      layer.activation = Activation::Linear;
      return true;
    }
    for (Activation activation : {Activation::Linear, Activation::Relu, Activation::Softmax,
                                  Activation::Sigmoid, Activation::Tanh})
      if (word == std::string(activationName(activation))) {
        layer.activation = activation;
        return true;
      }
    return arg.fail("'relu', 'softmax', 'sigmoid', 'tanh', 'linear' or None");
  }
  case Param::UseBias: {
    std::optional<bool> useBias = matchBool(value);
    if (!useBias)
      return arg.fail("True or False");
    layer.useBias = *useBias;
    return true;
  }
  case Param::Rate: {
    std::optional<double> rate = matchNumber(value);
    if (!rate || *rate < 0 || *rate >= 1)
      return arg.fail("a number in [0, 1)");
    layer.rate = *rate;
    return true;
  }
  case Param::Axis: {
    std::optional<int64_t> axis = matchInteger(value);
    if (!axis)
      return arg.fail("an integer");
    layer.axis = *axis;
    return true;
  }
  case Param::Name: {
    if (isNone(value))
      return true;
    const auto *string = llvm::dyn_cast<StringExprAST>(&value);
    if (!string || string->getValue().empty())
      return arg.fail("a non-empty string");
    layer.name = string->getValue();
    return true;
  }
  default:
    llvm_unreachable("not a layer parameter");
  }
}

bool setCompileParam(CompileConfig &config, const Argument &arg, const Diagnostics &diag) {
  const ExprAST &value = arg.getValue();
  switch (arg.getParam()) {
  case Param::Optimizer:
    return setOptimizer(config, arg, diag);
  case Param::LearningRate:
  case Param::LegacyLearningRate: {
    if (arg.getParam() == Param::LegacyLearningRate) {
      if (isNone(value))
        return true;
      diag.warning(value.getLoc(), "the 'lr' argument is deprecated, use 'learning_rate' "
                                   "instead (Keras 2's warning)");
    }
    std::optional<double> rate = matchNumber(value);
    if (!rate || *rate <= 0)
      return arg.fail("a positive number");
    config.learningRate = *rate;
    return true;
  }
  case Param::Beta1:
  case Param::Beta2:
  case Param::Rho: {
    std::optional<double> beta = matchNumber(value);
    if (!beta || *beta < 0 || *beta >= 1)
      return arg.fail("a number in [0, 1)");
    Param param = arg.getParam();
    (param == Param::Beta1   ? config.beta1
     : param == Param::Beta2 ? config.beta2
                             : config.rho) = *beta;
    return true;
  }
  case Param::Nesterov: {
    std::optional<bool> nesterov = matchBool(value);
    if (!nesterov)
      return arg.fail("True or False");
    config.nesterov = *nesterov;
    return true;
  }
  case Param::Epsilon: {
    std::optional<double> epsilon = matchNumber(value);
    if (!epsilon || *epsilon <= 0)
      return arg.fail("a positive number");
    config.epsilon = *epsilon;
    return true;
  }
  case Param::Ignored:
  case Param::KerasDefault:
    return setCommonParam(arg);
  case Param::Momentum: {
    std::optional<double> momentum = matchNumber(value);
    if (!momentum || *momentum < 0 || *momentum > 1)
      return arg.fail("a number in [0, 1]");
    config.momentum = *momentum;
    return true;
  }
  default:
    llvm_unreachable("not a compile() parameter");
  }
}

} // namespace cnnc
