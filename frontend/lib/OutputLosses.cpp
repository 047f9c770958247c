// Matching loss=, loss_weights= and metrics= to the model's outputs by Keras's rules, and keeping
// each output's metrics to those cnn measures for its loss.
#include "OutputLosses.h"
#include "Diagnostics.h"

#include "llvm/ADT/STLExtras.h"

namespace cnnc {

namespace {

/// "['a', 'b']", as Keras prints a list of names.
std::string pythonList(const std::vector<std::string> &names) {
  std::string text;
  for (const std::string &name : names)
    text += (text.empty() ? "'" : ", '") + name + "'";
  return "[" + text + "]";
}

/// Per output, the written value that applies to it; null where none does.
template <typename T> using Slots = std::vector<const Written<std::optional<T>> *>;

template <typename T>
std::optional<Slots<T>> spread(const PerOutput<T> &spec, const std::vector<std::string> &names,
                               const std::string &what, OutputComplaints &complaints) {
  using Form = typename PerOutput<T>::Form;
  Slots<T> slots(names.size(), nullptr);
  switch (spec.form) {
  case Form::Absent:
    break;
  case Form::All:
    std::fill(slots.begin(), slots.end(), &spec.values.front());
    break;
  case Form::List:
    if (spec.values.size() != names.size()) {
      complaints.error(spec.at, "When passing a list as " + what +
                                    ", it should have one entry per model output. The model "
                                    "has " +
                                    std::to_string(names.size()) + " outputs " + pythonList(names) +
                                    ", but the list has " + std::to_string(spec.values.size()));
      return std::nullopt;
    }
    for (size_t i = 0; i < names.size(); ++i)
      slots[i] = &spec.values[i];
    break;
  case Form::Dict:
    for (size_t k = 0; k < spec.keys.size(); ++k) {
      const Written<std::string> &key = spec.keys[k];
      auto found = llvm::find(names, key.value);
      if (found == names.end()) {
        std::vector<llvm::StringRef> candidates(names.begin(), names.end());
        complaints.error(key.at, "Unknown entries in " + what + " dictionary: ['" + key.value +
                                     "']. Only expected following keys: " + pythonList(names) +
                                     didYouMean(key.value, candidates));
        return std::nullopt;
      }
      const Written<std::optional<T>> *&slot = slots[found - names.begin()];
      if (slot) {
        complaints.error(key.at, what + " names output '" + key.value + "' twice");
        return std::nullopt;
      }
      slot = &spec.values[k];
    }
    break;
  }
  return slots;
}

/// What `slot` holds, or `otherwise` where it is missing or None.
template <typename T> T valueOr(const Written<std::optional<T>> *slot, T otherwise) {
  return slot && slot->value ? *slot->value : otherwise;
}

/// Why cnn cannot measure `metric` on an output trained with `loss`; "" when it can.
std::string unmeasurable(const std::string &metric, const std::string &loss) {
  bool regression = loss == "mse" || loss == "mae";
  bool classes = loss == "sparse_categorical_crossentropy" || loss == "categorical_crossentropy";
  if (metric == "accuracy" && regression)
    return "accuracy compares classes, and the output's loss is " + loss + "; use 'mae' or 'mse'";
  if (metric != "accuracy" && classes)
    return "cnn measures " + metric +
           " on outputs trained with mse, mae or binary_crossentropy, and the output's loss is " +
           loss + "; use 'accuracy'";
  return "";
}

} // namespace

bool resolveOutputLosses(const WrittenOutputs &written, Model &model,
                         OutputComplaints &complaints) {
  std::vector<std::string> names;
  for (int output : model.outputs)
    names.push_back(model.layers[output].name);
  std::optional<Slots<std::string>> losses = spread(written.loss, names, "loss", complaints);
  if (!losses)
    return false;
  std::optional<Slots<double>> weights = spread(written.weights, names, "loss_weights", complaints);
  if (!weights)
    return false;
  std::optional<Slots<WrittenMetrics>> metrics =
      spread(written.metrics, names, "metrics", complaints);
  if (!metrics)
    return false;
  // Keras 2 gives one list of metrics to every output; what an output cannot measure is left out
  // of its metrics rather than refused, which would leave no way to write the list.
  bool shared = written.metrics.form == PerOutput<WrittenMetrics>::Form::All && names.size() > 1;
  std::vector<OutputLoss> outputs(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    OutputLoss &output = outputs[i];
    output.loss = valueOr((*losses)[i], std::string());
    output.weight = valueOr((*weights)[i], 1.0);
    for (const Written<std::string> &metric : valueOr((*metrics)[i], WrittenMetrics())) {
      std::string why = unmeasurable(metric.value, output.loss);
      if (why.empty())
        output.metrics.push_back(metric.value);
      else if (shared)
        complaints.warning(metric.at, "metric '" + metric.value + "' skipped for output '" +
                                          names[i] + "': " + why);
      else {
        complaints.error(metric.at,
                         "metric '" + metric.value + "' of output '" + names[i] + "': " + why);
        return false;
      }
    }
  }
  model.compile.outputs = std::move(outputs);
  return true;
}

} // namespace cnnc
