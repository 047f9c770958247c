// Keras's evaluate(): sparse categorical cross-entropy and accuracy over labelled samples.
#include "Model.h"

#include "CrossEntropy.h"
#include "Errors.h"

#include <algorithm>

void cnn_model::evaluate(const float *const *inputs, const int32_t *labels, int64_t count,
                         int64_t batchSize, double &loss, double &accuracy) {
  const cnn_layer_desc &output = desc_.layers[desc_.outputs[0]];
  if (output.rank != 2)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT,
                       "evaluation needs class probabilities (None, classes) from the first "
                       "output, layer '" +
                           std::string(output.name) + "' gives " +
                           cnnrt::formatShape(output.shape, output.rank));
  checkInputs(inputs, "input");
  if (!labels)
    throw cnnrt::Error(CNN_ERROR_ARGUMENT, "the labels are null");
  cnnrt::checkPositive(count, "the sample count");
  cnnrt::checkPositive(batchSize, "the batch size");
  const int64_t classes = output.shape[1];
  cnnrt::checkLabels(labels, count, classes);

  std::vector<float> probabilities;
  cnnrt::Score score;
  for (int64_t begin = 0; begin < count; begin += batchSize) {
    const int64_t batch = std::min(batchSize, count - begin);
    probabilities.resize(static_cast<size_t>(batch * classes));
    layerOutput(output.name, batch, inputsFrom(inputs, begin).data(), probabilities.data(),
                probabilities.size());
    cnnrt::addToScore(probabilities.data(), labels + begin, batch, classes, score);
  }
  loss = score.loss();
  accuracy = score.accuracy();
}
