// Keras's evaluate(): sparse categorical cross-entropy and accuracy over labelled samples.
#include "Model.h"

#include "Errors.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

// For a softmax output Keras takes the cross-entropy from the softmax's logits, not from clipped
// probabilities; -log(p) in double precision gives the same value to ~1e-7. A probability that
// underflowed to 0 counts as the smallest normal float.
constexpr float kSmallest = std::numeric_limits<float>::min();

void checkPositive(int64_t value, const char *what) {
  if (value < 1)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                       std::string(what) + " must be at least 1, got " + std::to_string(value));
}

} // namespace

void cnn_model::evaluate(const float *images, const int32_t *labels, int64_t count,
                         int64_t batchSize, double &loss, double &accuracy) {
  if (desc_.num_inputs != 1)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "evaluation needs a model with one input, '" +
                                               std::string(desc_.name) + "' has " +
                                               std::to_string(desc_.num_inputs));
  const cnn_layer_desc &output = desc_.layers[desc_.outputs[0]];
  if (output.rank != 2)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                       "evaluation needs class probabilities (None, classes) from the first "
                       "output, layer '" +
                           std::string(output.name) + "' gives " +
                           cnnrt::formatShape(output.shape, output.rank));
  if (!images || !labels)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the images or the labels are null");
  checkPositive(count, "the sample count");
  checkPositive(batchSize, "the batch size");
  const int64_t classes = output.shape[1];
  for (int64_t i = 0; i < count; ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the label of sample " + std::to_string(i) + " is " +
                                                 std::to_string(labels[i]) + ", outside 0.." +
                                                 std::to_string(classes - 1));

  const int64_t imageSize = sampleSize(desc_.inputs[0]);
  std::vector<float> probabilities;
  double lossSum = 0.0;
  int64_t correct = 0;
  for (int64_t begin = 0; begin < count; begin += batchSize) {
    const int64_t batch = std::min(batchSize, count - begin);
    const float *inputs[] = {images + begin * imageSize};
    probabilities.resize(static_cast<size_t>(batch * classes));
    layerOutput(output.name, batch, inputs, probabilities.data(), probabilities.size());
    for (int64_t n = 0; n < batch; ++n) {
      const float *row = probabilities.data() + n * classes;
      const int32_t label = labels[begin + n];
      const float p = std::max(row[label], kSmallest);
      lossSum -= std::log(static_cast<double>(p));
      correct += std::max_element(row, row + classes) - row == label;
    }
  }
  loss = lossSum / static_cast<double>(count);
  accuracy = static_cast<double>(correct) / static_cast<double>(count);
}
