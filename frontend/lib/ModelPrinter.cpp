// Printing a Model as model-language source, every argument spelled out by its signature.
#include "Signatures.h"

#include "cnnc/frontend/KerasImport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

namespace cnnc {

namespace {

/// The shortest decimal that reads back as the same double.
std::string number(double value) {
  char text[32];
  for (int precision = 1;; ++precision) {
    snprintf(text, sizeof text, "%.*g", precision, value);
    if (precision == 17 || std::strtod(text, nullptr) == value)
      return text;
  }
}

// The language has no escapes: a name holding a single quote is written in double quotes.
std::string quoted(const std::string &text) {
  char quote = text.find('\'') == std::string::npos ? '\'' : '"';
  return quote + text + quote;
}

std::string tuple(llvm::ArrayRef<int64_t> values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + (values.size() == 1 ? ",)" : ")");
}

/// `Name(keyword=value, ...)` with every parameter of `signature` that has a value to print
/// (`valueOf` returns "" for those that only take Keras's default, or none at all).
template <typename ValueOf> std::string call(const Signature &signature, ValueOf valueOf) {
  std::string text = signature.name.str() + "(";
  for (const ParamSpec &spec : signature.params) {
    std::string value = valueOf(spec.param);
    if (!value.empty())
      text += (text.back() == '(' ? "" : ", ") + spec.keyword.str() + "=" + value;
  }
  return text + ")";
}

/// `keyword=value` for each setting written in fit() or its callbacks, in `order`.
template <typename T>
void written(std::vector<std::string> &arguments, const char *keyword, const FitSetting<T> &setting,
             const std::string &value) {
  if (setting.written)
    arguments.push_back(std::string(keyword) + "=" + value);
}

std::string joined(const std::vector<std::string> &parts) {
  std::string text;
  for (const std::string &part : parts)
    text += (text.empty() ? "" : ", ") + part;
  return text;
}

/// fit(...) with the settings written in the model's file and its callbacks.
std::string fitSource(const FitConfig &fit) {
  std::vector<std::string> arguments, callbacks;
  written(arguments, "batch_size", fit.batchSize, std::to_string(fit.batchSize.value));
  written(arguments, "epochs", fit.epochs, std::to_string(fit.epochs.value));
  written(arguments, "validation_split", fit.validationSplit, number(fit.validationSplit.value));
  written(arguments, "shuffle", fit.shuffle, fit.shuffle.value ? "True" : "False");
  if (fit.patience.value > 0) {
    std::vector<std::string> early;
    written(early, "patience", fit.patience, std::to_string(fit.patience.value));
    written(early, "restore_best_weights", fit.restoreBestWeights,
            fit.restoreBestWeights.value ? "True" : "False");
    callbacks.push_back("EarlyStopping(" + joined(early) + ")");
  }
  if (!fit.checkpoint.value.empty())
    callbacks.push_back("ModelCheckpoint(" + quoted(fit.checkpoint.value) +
                        ", save_best_only=True)");
  if (!fit.history.value.empty())
    callbacks.push_back("CSVLogger(" + quoted(fit.history.value) + ")");
  if (!callbacks.empty())
    arguments.push_back("callbacks=[" + joined(callbacks) + "]");
  return "fit(" + joined(arguments) + ")";
}

std::string layerValue(const Layer &layer, Param param) {
  switch (param) {
  case Param::Shape:
  case Param::TargetShape:
    return tuple(layer.shape);
  case Param::Units:
    return std::to_string(layer.units);
  case Param::KernelSize:
    return tuple(layer.kernel);
  case Param::Strides:
  case Param::PoolStrides:
    return tuple(layer.strides);
  case Param::Padding:
    return quoted(paddingName(layer.padding));
  case Param::Activation:
    return quoted(activationName(layer.activation));
  case Param::UseBias:
    return layer.useBias ? "True" : "False";
  case Param::Rate:
    return number(layer.rate);
  case Param::Axis:
    return std::to_string(layer.axis);
  case Param::Name:
    return quoted(layer.name);
  case Param::InputShape: // an Input layer is printed instead
    return "";
  default:
    llvm_unreachable("not a layer parameter");
  }
}

std::string compileValue(const CompileConfig &compile, Param param) {
  switch (param) {
  case Param::Optimizer:
    for (const OptimizerSignature &optimizer : optimizerSignatures())
      if (optimizer.id == compile.optimizer)
        return call(optimizer.call, [&](Param inner) { return compileValue(compile, inner); });
    llvm_unreachable("a compile config names a known optimizer");
  case Param::LearningRate:
    return number(compile.learningRate);
  case Param::Momentum:
    return number(compile.momentum);
  case Param::Beta1:
    return number(compile.beta1);
  case Param::Beta2:
    return number(compile.beta2);
  case Param::Epsilon:
    return number(compile.epsilon);
  case Param::Rho:
    return number(compile.rho);
  case Param::Nesterov:
    return compile.nesterov ? "True" : "False";
  case Param::LegacyLearningRate: // learning_rate is printed
  case Param::KerasDefault:
    return "";
  default:
    llvm_unreachable("not a compile() parameter");
  }
}

/// The value of loss=, loss_weights= or metrics= that reads back as the outputs' values: the one
/// value all outputs share when `shared` is allowed, else a dict by output name of the values
/// (`valueOf`'s text; "" leaves an output out).
template <typename ValueOf>
std::string perOutput(const Model &model, bool shared, ValueOf valueOf) {
  std::vector<std::string> values;
  for (const OutputLoss &output : model.compile.outputs)
    values.push_back(valueOf(output));
  if (values.empty() || (shared && llvm::is_splat(values)))
    return values.empty() ? "" : values.front();
  std::string dict;
  for (size_t i = 0; i < values.size(); ++i)
    if (!values[i].empty())
      dict += (dict.empty() ? "" : ", ") + quoted(model.layers[model.outputs[i]].name) + ": " +
              values[i];
  return "{" + dict + "}";
}

std::string outputsValue(const Model &model, Param param) {
  switch (param) {
  case Param::Loss:
    return perOutput(model, true, [](const OutputLoss &output) {
      return output.loss.empty() ? std::string("None") : quoted(output.loss);
    });
  case Param::LossWeights:
    // A list or a dict, never one number; left out when every weight is Keras's 1.
    if (llvm::all_of(model.compile.outputs,
                     [](const OutputLoss &output) { return output.weight == 1.0; }))
      return "";
    return perOutput(model, false, [](const OutputLoss &output) { return number(output.weight); });
  case Param::Metrics:
    return perOutput(model, true, [](const OutputLoss &output) {
      std::vector<std::string> metrics;
      for (const std::string &metric : output.metrics)
        metrics.push_back(quoted(metric));
      return "[" + joined(metrics) + "]";
    });
  default:
    return compileValue(model.compile, param);
  }
}

bool isIdentifier(llvm::StringRef name) {
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Tensor names for the functional form: the layer's name where it can be one.
std::vector<std::string> tensorNames(const Model &model) {
  // `outputs = ...` is the outputs statement; None, True and False read as constants.
  const llvm::StringSet<> reserved = {"outputs", "None", "True", "False"};
  llvm::StringSet<> taken = reserved;
  for (const Layer &layer : model.layers)
    taken.insert(layer.name);
  std::vector<std::string> names;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    std::string name = model.layers[i].name;
    if (!isIdentifier(name) || reserved.count(name)) {
      name = "t" + std::to_string(i);
      while (!taken.insert(name).second)
        name += "_";
    }
    names.push_back(name);
  }
  return names;
}

} // namespace

std::string printModelSource(const Model &model) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::vector<std::string> names = tensorNames(model);
  auto list = [&](const std::vector<int> &indices) {
    std::string joined;
    for (int index : indices)
      joined += (joined.empty() ? "" : ", ") + names[index];
    return "[" + joined + "]";
  };
  os << "model " << model.name << " {\n";
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer &layer = model.layers[i];
    os << "    ";
    if (model.functional)
      os << names[i] << " = ";
    os << call(layerSignature(layer.kind).call,
               [&](Param param) { return layerValue(layer, param); });
    if (model.functional && layer.inputs.size() == 1)
      os << "(" << names[layer.inputs.front()] << ")";
    else if (model.functional && !layer.inputs.empty())
      os << "(" << list(layer.inputs) << ")";
    os << "\n";
  }
  if (model.functional)
    os << "    outputs = " << list(model.outputs) << "\n";
  if (model.compile.present)
    os << "    "
       << call(compileSignature(), [&](Param param) { return outputsValue(model, param); }) << "\n";
  if (model.fit.present)
    os << "    " << fitSource(model.fit) << "\n";
  os << "}\n";
  return os.str();
}

} // namespace cnnc
