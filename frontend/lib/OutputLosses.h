// compile()'s loss=, loss_weights= and metrics= as written, and matching them to the model's
// outputs as Keras does: one value for all, a list in output order, or a dict by output name.
#ifndef CNNC_FRONTEND_LIB_OUTPUTLOSSES_H
#define CNNC_FRONTEND_LIB_OUTPUTLOSSES_H

#include "cnnc/frontend/Model.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// Where a written value is: its place in a model file; none in a Keras file, whose messages name
/// the config key instead.
using Where = std::optional<Location>;

template <typename T> struct Written {
  T value;
  Where at;
};

/// The value of one of loss=, loss_weights=, metrics=, before the outputs are known.
template <typename T> struct PerOutput {
  enum class Form { Absent, All, List, Dict };
  Form form = Form::Absent;
  Where at; // the whole value
  /// All: the one value for every output; List: one per output; Dict: one per key. None is
  /// nullopt.
  std::vector<Written<std::optional<T>>> values;
  std::vector<Written<std::string>> keys; // Dict: the output name of each value
};

/// Metric names of OutputLoss::metrics ("accuracy", "mae", "mse"), each where it was written.
using WrittenMetrics = std::vector<Written<std::string>>;

struct WrittenOutputs {
  PerOutput<std::string> loss; // trainableLosses() names
  PerOutput<double> weights;   // loss_weights, each >= 0
  PerOutput<WrittenMetrics> metrics;
};

/// Where the messages go: the Analyzer reports at a location, the Keras importer throws.
class OutputComplaints {
public:
  virtual ~OutputComplaints() = default;
  virtual void error(const Where &at, const std::string &message) = 0;
  virtual void warning(const Where &at, const std::string &message) = 0;
};

/// Fills model.compile.outputs from `written`, once
/// model.outputs and the layer names are final; false after an error.
bool resolveOutputLosses(const WrittenOutputs &written, Model &model, OutputComplaints &complaints);

} // namespace cnnc

#endif // CNNC_FRONTEND_LIB_OUTPUTLOSSES_H
