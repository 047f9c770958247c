// Keras's evaluate(): the losses and metrics of the model's outputs over samples and their
// targets.
#include "Model.h"

#include "CrossEntropy.h"
#include "Errors.h"
#include "Trainer.h"

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

std::vector<cnnrt::Score> cnn_model::evaluateLosses(const float *const *inputs,
                                                    const cnn_targets *targets, int64_t count,
                                                    int64_t batchSize, const char *samples) {
  const cnn_train_desc &program = trainer().program();
  checkInputs(inputs, "input");
  cnnrt::checkPositive(count, "the sample count");
  cnnrt::checkPositive(batchSize, "the batch size");
  trainer().checkTargets(targets, count, samples);

  std::vector<std::vector<float>> outputs(static_cast<size_t>(desc_.num_outputs));
  std::vector<float *> outputData(outputs.size());
  std::vector<cnnrt::Score> scores(static_cast<size_t>(program.num_losses));
  for (int64_t begin = 0; begin < count; begin += batchSize) {
    const int64_t batch = std::min(batchSize, count - begin);
    for (size_t o = 0; o < outputs.size(); ++o) {
      outputs[o].resize(static_cast<size_t>(batch * sampleSize(desc_.outputs[o])));
      outputData[o] = outputs[o].data();
    }
    forward(batch, inputsFrom(inputs, begin).data(), outputData.data());
    for (int l = 0; l < program.num_losses; ++l) {
      const cnn_loss_desc &loss = program.losses[l];
      const int64_t sample = sampleSize(desc_.outputs[loss.output]);
      cnnrt::addToScore(loss, outputs[loss.output].data(),
                        cnnrt::targetsFrom(targets[loss.output], begin, sample), batch, sample,
                        scores[l]);
    }
  }
  return scores;
}
