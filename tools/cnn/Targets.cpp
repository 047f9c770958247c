// Reading and checking each model output's targets.
#include "Targets.h"

#include "Labels.h"

namespace cnn {
namespace {

cnn_layer_info outputInfo(const ModelLibrary &library, int output) {
  return library.layerInfo(cnn_output_layer(library.model(), output));
}

// Values per sample of model output `output`.
int64_t outputSize(const ModelLibrary &library, int output) {
  const cnn_layer_info info = outputInfo(library, output);
  int64_t size = 1;
  for (int d = 1; d < info.rank; ++d)
    size *= info.shape[d];
  return size;
}

// (N, ...) as the output gives, or (N,) for an output of one value per sample.
void checkValuesShape(const ModelLibrary &library, int output, const npy::StoredArray &array,
                      int64_t samples) {
  const cnn_layer_info info = outputInfo(library, output);
  const std::vector<int64_t> &shape = array.shape;
  bool fits = shape.size() == static_cast<size_t>(info.rank) ||
              (shape.size() == 1 && outputSize(library, output) == 1);
  for (size_t d = 1; fits && d < shape.size(); ++d)
    fits = shape[d] == info.shape[d];
  if (!fits)
    throw UserError(array.name + ": shape " + npy::formatShape(shape) +
                    " does not match the model's output '" + info.name + "' " +
                    formatLayerShape(info, "None"));
  if (shape[0] != samples)
    throw UserError(array.name + " has " + std::to_string(shape[0]) + " targets for " +
                    std::to_string(samples) + " samples");
}

const char *lossWords(cnn_loss_kind kind) {
  switch (kind) {
  case CNN_LOSS_CROSSENTROPY:
    return "class labels";
  case CNN_LOSS_BINARY_CROSSENTROPY:
    return "binary_crossentropy";
  case CNN_LOSS_MSE:
    return "mse";
  case CNN_LOSS_MAE:
    return "mae";
  case CNN_LOSS_NONE:
    return "no loss";
  }
  throw UserError("the runtime reported an unknown loss kind " + std::to_string(kind));
}

} // namespace

TargetKind targetKind(const ModelLibrary &library, int output) {
  cnn_model *model = library.model();
  if (!cnn_can_train(model))
    return output == 0 ? TargetKind::Labels : TargetKind::None;
  const cnn_loss_kind kind = cnn_output_loss(model, output);
  return kind == CNN_LOSS_CROSSENTROPY ? TargetKind::Labels
         : kind == CNN_LOSS_NONE       ? TargetKind::None
                                       : TargetKind::Values;
}

OutputTargets readTargets(const ModelLibrary &library, int output, const npy::StoredArray &array,
                          int64_t samples) {
  OutputTargets targets;
  switch (targetKind(library, output)) {
  case TargetKind::Labels: {
    const cnn_layer_info info = outputInfo(library, output);
    if (info.rank != 2)
      throw UserError("the model's output '" + std::string(info.name) + "' is " +
                      formatLayerShape(info, "None") +
                      ", not class probabilities (None, classes) for the labels in " + array.name);
    targets.labels = readLabels(array, samples, info.shape[1]);
    break;
  }
  case TargetKind::Values:
    checkValuesShape(library, output, array, samples);
    targets.values = npy::toFloat32(array);
    break;
  case TargetKind::None:
    break;
  }
  return targets;
}

std::string outputNames(const ModelLibrary &library) {
  std::string text;
  for (int o = 0; o < cnn_num_outputs(library.model()); ++o)
    text += (o ? ", '" : "'") + std::string(outputInfo(library, o).name) + "'";
  return text;
}

std::string describeTrainedOutputs(const ModelLibrary &library) {
  cnn_model *model = library.model();
  const int outputs = cnn_num_outputs(model);
  std::string text = std::to_string(outputs) + (outputs == 1 ? " output" : " outputs");
  for (int o = 0; o < outputs; ++o)
    text += std::string(o == 0             ? ", '"
                        : o + 1 == outputs ? " and '"
                                           : ", '") +
            outputInfo(library, o).name + "' (" + lossWords(cnn_output_loss(model, o)) + ")";
  return text;
}

} // namespace cnn
