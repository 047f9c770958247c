// Keras's logs of a trained model: the names fit() and evaluate() report, and their values from
// the scores of the model's losses.
#ifndef CNNRT_METRICS_H
#define CNNRT_METRICS_H

#include "CrossEntropy.h"

#include <string>
#include <vector>

struct cnn_model;

namespace cnnrt {

class MetricTable {
public:
  // "loss", then, for a model of several outputs, each trained output's "<layer>_loss", then
  // each output's metrics ("accuracy", "mae", "mse"; "<layer>_accuracy" and so on for several
  // outputs), as Keras orders its logs.
  MetricTable(const cnn_model &model, const cnn_train_desc &program);

  const std::vector<std::string> &names() const { return names_; }
  // One value per name from one score per loss (program.losses order); the total loss is each
  // loss's mean times its weight.
  std::vector<double> values(const std::vector<Score> &scores) const;

private:
  enum class Quantity { TotalLoss, Loss, Accuracy, Mae, Mse };
  struct Entry {
    Quantity quantity;
    int loss; // the index into program.losses; unused for the total
  };

  const cnn_train_desc &program_;
  std::vector<std::string> names_;
  std::vector<Entry> entries_;
};

} // namespace cnnrt

#endif // CNNRT_METRICS_H
