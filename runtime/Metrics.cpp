// The names and values of Keras's logs for every trained output.
#include "Metrics.h"

#include "Model.h"

namespace cnnrt {

MetricTable::MetricTable(const cnn_model &model, const cnn_train_desc &program)
    : program_(program) {
  const cnn_model_desc &desc = model.desc();
  const bool several = desc.num_outputs > 1;
  auto prefix = [&](int loss) {
    return several ? std::string(desc.layers[desc.outputs[program.losses[loss].output]].name) + "_"
                   : std::string();
  };
  names_.push_back("loss");
  entries_.push_back({Quantity::TotalLoss, -1});
  if (several)
    for (int l = 0; l < program.num_losses; ++l) {
      names_.push_back(prefix(l) + "loss");
      entries_.push_back({Quantity::Loss, l});
    }
  const struct {
    int flag;
    Quantity quantity;
    const char *name;
  } metrics[] = {{CNN_METRIC_ACCURACY, Quantity::Accuracy, "accuracy"},
                 {CNN_METRIC_MAE, Quantity::Mae, "mae"},
                 {CNN_METRIC_MSE, Quantity::Mse, "mse"}};
  for (int l = 0; l < program.num_losses; ++l)
    for (const auto &metric : metrics)
      if (program.losses[l].metrics & metric.flag) {
        names_.push_back(prefix(l) + metric.name);
        entries_.push_back({metric.quantity, l});
      }
}

std::vector<double> MetricTable::values(const std::vector<Score> &scores) const {
  std::vector<double> values;
  for (const Entry &entry : entries_) {
    if (entry.quantity == Quantity::TotalLoss) {
      double total = 0.0;
      for (size_t l = 0; l < scores.size(); ++l)
        total += program_.losses[l].weight * scores[l].loss();
      values.push_back(total);
      continue;
    }
    const Score &score = scores[static_cast<size_t>(entry.loss)];
    const double count = static_cast<double>(score.count);
    values.push_back(entry.quantity == Quantity::Loss       ? score.loss()
                     : entry.quantity == Quantity::Accuracy ? score.accuracy()
                     : entry.quantity == Quantity::Mae      ? score.absErrorSum / count
                                                            : score.squaredErrorSum / count);
  }
  return values;
}

} // namespace cnnrt
