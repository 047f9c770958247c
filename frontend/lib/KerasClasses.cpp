// The Keras classes cnnc imports: each layer's and optimizer's config keys, as data.
#include "KerasConfig.h"
#include "Signatures.h"

#include "llvm/Support/ErrorHandling.h"

namespace cnnc::keras {

namespace {

/// A config key that sets a Layer field; `param` says how its value is read, as for the same
/// argument in the model language.
struct ConfigKey {
  const char *key;
  Param param;
  /// Keras's default as JSON text, used when the key is absent; null when it is required.
  const char *defaultValue;
};

/// A config key whose value must be one of `accepted` (JSON texts) because cnnc implements only
/// that case; an absent key is Keras's default, which is always accepted.
struct Requirement {
  const char *key;
  std::vector<const char *> accepted;
};

struct KerasClass {
  llvm::StringRef className;
  LayerKind kind;
  std::vector<ConfigKey> keys; // in an order where pool_size comes before strides
  std::vector<Requirement> requirements;
};

const ConfigKey activationKey{"activation", Param::Activation, "null"};
const ConfigKey useBiasKey{"use_bias", Param::UseBias, "true"};
const ConfigKey paddingKey{"padding", Param::Padding, "\"valid\""};
const Requirement channelsLast{"data_format", {"\"channels_last\"", "null"}};
const std::vector<ConfigKey> poolingKeys = {
    {"pool_size", Param::KernelSize, "[2, 2]"},
    {"strides", Param::PoolStrides, "null"},
    paddingKey,
};

llvm::ArrayRef<KerasClass> kerasClasses() {
  static const std::vector<KerasClass> table = {
      // Keras 3 writes batch_shape, Keras 2 batch_input_shape.
      {"InputLayer",
       LayerKind::Input,
       {{"batch_shape", Param::Shape, "null"}, {"batch_input_shape", Param::Shape, "null"}},
       {{"sparse", {"false"}}, {"ragged", {"false"}}}},
      {"Conv2D",
       LayerKind::Conv2D,
       {{"filters", Param::Units, nullptr},
        {"kernel_size", Param::KernelSize, nullptr},
        {"strides", Param::Strides, "[1, 1]"},
        paddingKey,
        activationKey,
        useBiasKey},
       {channelsLast, {"dilation_rate", {"[1, 1]", "1"}}, {"groups", {"1"}}}},
      {"MaxPooling2D", LayerKind::MaxPooling2D, poolingKeys, {channelsLast}},
      {"AveragePooling2D", LayerKind::AveragePooling2D, poolingKeys, {channelsLast}},
      {"Dense",
       LayerKind::Dense,
       {{"units", Param::Units, nullptr}, activationKey, useBiasKey},
       {}},
      {"Flatten", LayerKind::Flatten, {}, {channelsLast}},
      {"Reshape", LayerKind::Reshape, {{"target_shape", Param::TargetShape, nullptr}}, {}},
      {"Dropout",
       LayerKind::Dropout,
       {{"rate", Param::Rate, nullptr}},
       {{"noise_shape", {"null"}}}},
      {"ReLU",
       LayerKind::ReLU,
       {},
       {{"max_value", {"null"}}, {"negative_slope", {"0"}}, {"threshold", {"0"}}}},
      {"Softmax", LayerKind::Softmax, {}, {{"axis", {"-1", "[-1]"}}}},
      {"Activation", LayerKind::Activation, {{"activation", Param::Activation, nullptr}}, {}},
      {"Add", LayerKind::Add, {}, {}},
      {"Concatenate", LayerKind::Concatenate, {{"axis", Param::Axis, "-1"}}, {}},
  };
  return table;
}

const KerasClass *findClass(llvm::StringRef className) {
  for (const KerasClass &entry : kerasClasses())
    if (entry.className == className)
      return &entry;
  return nullptr;
}

/// Optimizer settings cnnc's Adam and SGD do not take, fixed at Keras's defaults.
std::vector<Requirement> optimizerRequirements(llvm::StringRef id) {
  std::vector<Requirement> common = {{"weight_decay", {"null"}},    {"clipnorm", {"null"}},
                                     {"global_clipnorm", {"null"}}, {"clipvalue", {"null"}},
                                     {"use_ema", {"false"}},        {"decay", {"0"}}};
  std::vector<Requirement> own = id == "adam" ? std::vector<Requirement>{{"amsgrad", {"false"}}}
                                 : id == "rmsprop"
                                     ? std::vector<Requirement>{{"centered", {"false"}}}
                                     : std::vector<Requirement>{};
  common.insert(common.end(), own.begin(), own.end());
  return common;
}

/// Checks `config` against `requirements`; `what` starts the message ("layer 'c' (Conv2D)").
void checkRequirements(const Json &config, const std::vector<Requirement> &requirements,
                       const std::string &what) {
  for (const Requirement &requirement : requirements) {
    auto value = config.find(requirement.key);
    if (value == config.end())
      continue;
    bool accepted = false;
    for (const char *text : requirement.accepted)
      accepted = accepted || *value == Json::parse(text);
    if (!accepted)
      throw ImportError(what + ": " + requirement.key + " " + show(*value) +
                        " is not supported; cnnc supports only " +
                        show(Json::parse(requirement.accepted.front())));
  }
}

/// Reads the value of one config key into `layer`, checking it as the model language does.
class LayerReader {
public:
  LayerReader(Layer &layer, std::string what) : layer(layer), what(std::move(what)) {}

  void set(const ConfigKey &key, const Json &value) {
    switch (key.param) {
    case Param::Shape:
      return setShape(key, value);
    case Param::TargetShape:
      return setTargetShape(key, value);
    case Param::Units:
      layer.units = positive(key, value, "a positive integer");
      return;
    case Param::KernelSize:
    case Param::Strides:
    case Param::PoolStrides:
      // Keras pools with strides None stride by the pool size, read before.
      if (key.param == Param::PoolStrides && value.is_null())
        layer.strides = layer.kernel;
      else
        (key.param == Param::KernelSize ? layer.kernel : layer.strides) = pair(key, value);
      return;
    case Param::Padding: {
      std::string padding =
          value.is_string() ? llvm::StringRef(value.get<std::string>()).lower() : std::string();
      if (padding != "same" && padding != "valid")
        fail(key, value, "'same' or 'valid'");
      layer.padding = padding == "same" ? Padding::Same : Padding::Valid;
      return;
    }
    case Param::Activation:
      layer.activation = activation(key, value);
      return;
    case Param::UseBias:
      if (!value.is_boolean())
        fail(key, value, "true or false");
      layer.useBias = value.get<bool>();
      return;
    case Param::Rate:
      if (!value.is_number() || value.get<double>() < 0 || value.get<double>() >= 1)
        fail(key, value, "a number in [0, 1)");
      layer.rate = value.get<double>();
      return;
    case Param::Axis:
      if (!value.is_number_integer())
        fail(key, value, "an integer");
      layer.axis = value.get<int64_t>();
      return;
    default:
      llvm_unreachable("not a Keras layer config key");
    }
  }

  Activation activation(const ConfigKey &key, const Json &value) const {
    if (value.is_null())
      return Activation::Linear;
    for (Activation known : {Activation::Linear, Activation::Relu, Activation::Softmax,
                             Activation::Sigmoid, Activation::Tanh})
      if (value == activationName(known))
        return known;
    throw ImportError(what + ": " + key.key + " " + show(value) +
                      " is not supported; cnnc has 'relu', 'softmax', 'sigmoid', 'tanh' and "
                      "'linear'");
  }

private:
  [[noreturn]] void fail(const ConfigKey &key, const Json &value, const char *expected) const {
    throw ImportError(what + ": " + key.key + " must be " + expected + ", got " + show(value));
  }

  int64_t positive(const ConfigKey &key, const Json &value, const char *expected) const {
    if (!value.is_number_integer() || value.get<int64_t>() <= 0)
      fail(key, value, expected);
    return value.get<int64_t>();
  }

  std::array<int64_t, 2> pair(const ConfigKey &key, const Json &value) const {
    const char *expected = "a positive integer or a list of 2 positive integers";
    if (!value.is_array())
      return {positive(key, value, expected), positive(key, value, expected)};
    if (value.size() != 2)
      fail(key, value, expected);
    return {positive(key, value[0], expected), positive(key, value[1], expected)};
  }

  // [None, 28, 28, 1]: the batch dimension is dropped.
  void setShape(const ConfigKey &key, const Json &value) {
    if (value.is_null())
      return;
    const char *expected = "[None, ...] with 1 to 3 positive sizes";
    if (!value.is_array() || value.size() < 2 || value.size() > 4 || !value[0].is_null())
      fail(key, value, expected);
    layer.shape.clear();
    for (size_t i = 1; i < value.size(); ++i)
      layer.shape.push_back(positive(key, value[i], expected));
  }

  // Reshape's target_shape: 1 to 3 sizes, one of which may be -1.
  void setTargetShape(const ConfigKey &key, const Json &value) {
    const char *expected = "1 to 3 positive sizes, one of which may be -1";
    if (!value.is_array() || value.empty() || value.size() > 3)
      fail(key, value, expected);
    layer.shape.clear();
    for (const Json &size : value) {
      bool unknown = size == -1 && !llvm::is_contained(layer.shape, -1);
      layer.shape.push_back(unknown ? -1 : positive(key, size, expected));
    }
  }

  Layer &layer;
  std::string what;
};

} // namespace

Layer convertLayer(const Json &entry) {
  const Json &config = member(entry, "config", "a layer");
  const Json &name = member(config, "name", "a layer's config");
  if (!name.is_string() || name.get<std::string>().empty())
    throw ImportError("a layer's name is " + show(name) + ", not a non-empty string");
  Layer layer;
  layer.name = name.get<std::string>();
  if (const std::string problem = layerNameProblem(layer.name); !problem.empty())
    throw ImportError("a layer's name " + problem);
  const Json &className = member(entry, "class_name", "layer '" + layer.name + "'");
  if (!className.is_string())
    throw ImportError("layer '" + layer.name + "' has class_name " + show(className));
  std::string what = "layer '" + layer.name + "' (" + className.get<std::string>() + ")";
  const KerasClass *kerasClass = findClass(className.get<std::string>());
  if (!kerasClass)
    throw ImportError("layer '" + layer.name + "' has class " + className.get<std::string>() +
                      ", which cnnc does not support");
  layer.kind = kerasClass->kind;
  checkRequirements(config, kerasClass->requirements, what);
  LayerReader reader(layer, what);
  for (const ConfigKey &key : kerasClass->keys) {
    auto value = config.find(key.key);
    if (value != config.end())
      reader.set(key, *value);
    else if (key.defaultValue)
      reader.set(key, Json::parse(key.defaultValue));
    else
      throw ImportError(what + " has no " + key.key);
  }
  if (layer.kind == LayerKind::Input && layer.shape.empty())
    throw ImportError(what + " has no batch_shape");
  return layer;
}

CompileConfig convertCompile(const Json &optimizer) {
  CompileConfig compile;
  compile.present = true;
  // An optimizer is a name ('adam') or {"class_name": "Adam", "config": {...}}; Keras 2 may
  // prefix the class with "Custom>".
  Json settings = Json::object();
  std::string name = optimizer.is_string() ? optimizer.get<std::string>() : "";
  if (optimizer.is_object()) {
    const Json &className = member(optimizer, "class_name", "the optimizer");
    name = className.is_string() ? className.get<std::string>() : "";
    settings = member(optimizer, "config", "the optimizer");
  }
  llvm::StringRef className = llvm::StringRef(name).rsplit('>').second;
  if (className.empty())
    className = name;
  const OptimizerSignature *found = nullptr;
  for (const OptimizerSignature &signature : optimizerSignatures())
    if (className.equals_insensitive(signature.id))
      found = &signature;
  if (!found)
    throw ImportError("the optimizer " + show(optimizer.is_object() ? Json(name) : optimizer) +
                      " is not supported; cnnc trains with Adam or SGD");
  compile.optimizer = found->id.str();
  std::string what = "the optimizer " + found->call.name.str();
  checkRequirements(settings, optimizerRequirements(found->id), what);
  // The numbers (learning_rate, momentum, Adam's betas and epsilon), with the defaults of the
  // optimizer's signature; an old config's lr stands for learning_rate.
  for (const ParamSpec &spec : found->call.params) {
    double *field = spec.param == Param::LearningRate ? &compile.learningRate
                    : spec.param == Param::Momentum   ? &compile.momentum
                    : spec.param == Param::Beta1      ? &compile.beta1
                    : spec.param == Param::Beta2      ? &compile.beta2
                    : spec.param == Param::Epsilon    ? &compile.epsilon
                    : spec.param == Param::Rho        ? &compile.rho
                                                      : nullptr;
    if (spec.param == Param::Nesterov) {
      auto nesterov = settings.find("nesterov");
      if (nesterov != settings.end() && !nesterov->is_boolean())
        throw ImportError(what + ": nesterov " + show(*nesterov) + " must be true or false");
      compile.nesterov = nesterov != settings.end() && nesterov->get<bool>();
    }
    if (!field)
      continue;
    auto value = settings.find(spec.keyword.str());
    if (value == settings.end() && spec.param == Param::LearningRate)
      value = settings.find("lr");
    Json number = value == settings.end() ? Json::parse(spec.defaultValue) : *value;
    if (!number.is_number())
      throw ImportError(what + ": " + spec.keyword.str() + " " + show(number) +
                        " is not supported; cnnc takes a constant number");
    *field = number.get<double>();
  }
  if (compile.learningRate <= 0)
    throw ImportError(what + ": learning_rate must be positive");
  if (compile.momentum < 0 || compile.momentum > 1)
    throw ImportError(what + ": momentum must be in [0, 1]");

  return compile;
}

} // namespace cnnc::keras
