// A Keras file's loss, loss_weights and metrics (Keras 3's compile_config, Keras 2's
// training_config) as written: a name or object for every output, a list, or a dict by output.
#include "KerasConfig.h"
#include "Signatures.h"

namespace cnnc::keras {

namespace {

/// A serialized object: {"class_name": "MeanSquaredError", "config": {...}}; any other JSON
/// object is a dict by output name.
bool isObject(const Json &value) { return value.is_object() && value.contains("class_name"); }

Json objectConfig(const Json &object, const std::string &what) {
  Json config = object.value("config", Json::object());
  if (!config.is_object())
    throw ImportError(what + " " + show(object.value("class_name", Json())) +
                      " has a config that is not a dict");
  return config;
}

std::string readLoss(const Json &loss) {
  std::string expected = " is not supported; cnnc trains with " + trainableLossList();
  if (isObject(loss)) {
    // Keras 3 writes a loss function as {"class_name": "function", "config": "mse"}.
    const Json &className = loss["class_name"];
    if (className == "function" && loss.value("config", Json()).is_string())
      return readLoss(loss["config"]);
    for (const ObjectSignature &signature : lossSignatures()) {
      if (className != signature.call.name.str())
        continue;
      // What would train another loss than the one named.
      Json config = objectConfig(loss, "the loss");
      if (config.value("from_logits", false) != false ||
          config.value("label_smoothing", 0.0) != 0.0 ||
          !config.value("ignore_class", Json()).is_null())
        throw ImportError("the loss " + signature.call.name.str() +
                          " is supported with from_logits=False, label_smoothing=0 and "
                          "ignore_class=None only");
      return signature.id.str();
    }
    throw ImportError("the loss " + show(className) + expected);
  }
  std::optional<std::string> id = loss.is_string() ? lossId(loss.get<std::string>()) : std::nullopt;
  if (!id)
    throw ImportError("the loss " + show(loss) + expected);
  return *id;
}

std::string readMetric(const Json &metric) {
  Json name = metric;
  if (isObject(metric)) {
    // Keras 2 wraps a named metric: {"class_name": "MeanMetricWrapper", "config": {"name":
    // "accuracy", ...}}; a metric class is known by its class name too.
    name = objectConfig(metric, "the metric").value("name", Json());
    for (const ObjectSignature &signature : metricSignatures())
      if (metric["class_name"] == signature.call.name.str())
        return signature.id.str();
  }
  std::optional<std::string> id =
      name.is_string() ? metricId(name.get<std::string>()) : std::nullopt;
  if (!id)
    throw ImportError("the metric " + show(name) + " is not supported; cnnc has 'accuracy', " +
                      "'mae' and 'mse'");
  return *id;
}

WrittenMetrics readMetrics(const Json &metrics) {
  WrittenMetrics read;
  if (metrics.is_array())
    for (const Json &metric : metrics)
      read.push_back({readMetric(metric), std::nullopt});
  else
    read.push_back({readMetric(metrics), std::nullopt});
  return read;
}

double readWeight(const Json &weight) {
  if (!weight.is_number() || weight.get<double>() < 0)
    throw ImportError("the loss weight " + show(weight) + " is not a number >= 0");
  return weight.get<double>();
}

/// `value` as one value for every output, a list of one per output, or a dict by output name;
/// `read` reads each value but null (None).
template <typename T, typename Read>
PerOutput<T> readPerOutput(const Json &value, bool listIsPerOutput, Read read) {
  using Form = typename PerOutput<T>::Form;
  PerOutput<T> spec;
  auto one = [&](const Json &element) {
    spec.values.push_back(
        {element.is_null() ? std::nullopt : std::optional<T>(read(element)), std::nullopt});
  };
  if (value.is_null())
    return spec;
  if (value.is_object() && !isObject(value)) {
    spec.form = Form::Dict;
    for (const auto &[key, element] : value.items()) {
      spec.keys.push_back({key, std::nullopt});
      one(element);
    }
  } else if (value.is_array() && listIsPerOutput) {
    spec.form = Form::List;
    for (const Json &element : value)
      one(element);
  } else {
    spec.form = Form::All;
    one(value);
  }
  return spec;
}

} // namespace

WrittenOutputs convertOutputLosses(const Json &loss, const Json &weights, const Json &metrics) {
  WrittenOutputs outputs;
  outputs.loss = readPerOutput<std::string>(loss, true, readLoss);
  if (!weights.is_null() && !weights.is_array() && !(weights.is_object() && !isObject(weights)))
    throw ImportError("the loss weights " + show(weights) +
                      " are not a list or a dict by output name");
  outputs.weights = readPerOutput<double>(weights, true, readWeight);
  // A list of lists (Keras 2 writes one even for a single output) has one list per output; a
  // list of metrics is every output's.
  bool perOutput = metrics.is_array() && !metrics.empty() &&
                   llvm::all_of(metrics, [](const Json &m) { return m.is_array() || m.is_null(); });
  if (metrics.is_array() && !perOutput &&
      llvm::any_of(metrics, [](const Json &m) { return m.is_array(); }))
    throw ImportError("the metrics " + show(metrics) +
                      " mix metrics and lists of metrics per output");
  outputs.metrics = readPerOutput<WrittenMetrics>(metrics, perOutput, readMetrics);
  return outputs;
}

} // namespace cnnc::keras
