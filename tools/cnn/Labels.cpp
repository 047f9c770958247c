// Checking labels against the samples and the model's classes, and one-hot rows to indices.
#include "Labels.h"

#include "UserError.h"

#include <cmath>
#include <cstdio>

namespace cnn {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

// The class a one-hot row marks, or -1 when the row is not exactly one 1 and zeros.
int64_t hotClass(const double *row, int64_t classes) {
  int64_t hot = -1;
  for (int64_t c = 0; c < classes; ++c) {
    if (row[c] == 1.0 && hot < 0)
      hot = c;
    else if (row[c] != 0.0)
      return -1;
  }
  return hot;
}

} // namespace

std::vector<int32_t> readLabels(const npy::StoredArray &array, int64_t samples, int64_t classes) {
  const std::vector<int64_t> &shape = array.shape;
  if (shape.empty() || shape.size() > 2)
    throw UserError(array.name + ": shape " + npy::formatShape(shape) +
                    " holds neither class indices (N,) nor one-hot rows (N, classes)");
  if (shape[0] != samples)
    throw UserError(array.name + " has " + std::to_string(shape[0]) + " labels for " +
                    std::to_string(samples) + " samples");
  const int64_t columns = shape.size() == 2 ? shape[1] : 1;
  if (columns != 1 && columns != classes)
    throw UserError(array.name + " holds one-hot rows of " + std::to_string(columns) +
                    " classes; the model has " + std::to_string(classes));
  const std::vector<double> values = npy::toFloat64(array);
  std::vector<int32_t> labels(static_cast<size_t>(samples));
  for (int64_t n = 0; n < samples; ++n) {
    const std::string row = " in " + array.name + " (row " + std::to_string(n) + ")";
    if (columns > 1) {
      const int64_t hot = hotClass(values.data() + n * columns, columns);
      if (hot < 0)
        throw UserError(array.name + ": row " + std::to_string(n) +
                        " is not one-hot (one 1 and the rest 0s)");
      labels[n] = static_cast<int32_t>(hot);
      continue;
    }
    const double value = values[n];
    if (value != std::floor(value))
      throw UserError("label " + number(value) + row + " is not a class index");
    if (value < 0 || value >= static_cast<double>(classes))
      throw UserError("label " + number(value) + row + " is outside the model's " +
                      std::to_string(classes) + " classes");
    labels[n] = static_cast<int32_t>(value);
  }
  return labels;
}

} // namespace cnn
