// Opening a model library by path through the runtime's cnn_open.
#include "ModelLibrary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace cnn {

ModelLibrary::ModelLibrary(const std::string &path, int threads) {
  // Like a shell, cnn takes a bare name to mean a file here, not one on the library path.
  const std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  if (cnn_open(where.c_str(), &model_) != CNN_OK)
    throw UserError(cnn_last_error());
  if (threads >= 0 && cnn_set_threads(model_, threads) != CNN_OK) {
    const UserError error(cnn_last_error());
    cnn_destroy(model_);
    throw error;
  }
}

ModelLibrary::~ModelLibrary() { cnn_destroy(model_); }

void ModelLibrary::check(cnn_status status) const {
  if (status != CNN_OK)
    throw UserError(cnn_last_error());
}

void ModelLibrary::setTrainingParallelism(const std::string &mode, int threads,
                                          int64_t microBatch) const {
  if (!cnn_can_train(model_))
    return;
  check(cnn_set_micro_batch(model_, microBatch));
  int replicas = 1;
  if (mode == "replicas" && threads != 1)
    replicas = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  check(cnn_set_replicas(model_, std::max(replicas, 1)));
}

cnn_layer_info ModelLibrary::layerInfo(int layer) const {
  cnn_layer_info info;
  check(cnn_layer_info_at(model_, layer, &info));
  return info;
}

int ModelLibrary::findLayer(const std::string &name, const std::string &hint) const {
  const int layer = cnn_find_layer(model_, name.c_str());
  if (layer < 0)
    throw UserError("model '" + std::string(cnn_model_name(model_)) + "' has no layer '" + name +
                    "'" + hint);
  return layer;
}

void ModelLibrary::loadWeights(const std::string &weights) const {
  if (!weights.empty())
    check(cnn_load_weights(model_, weights.c_str()));
  else if (!cnn_has_embedded_weights(model_))
    throw UserError("--weights is required: model '" + std::string(cnn_model_name(model_)) +
                    "' has no weights compiled in (cnnc --embed-weights)");
}

void ModelLibrary::loadWeightsOrInit(const std::string &weights, uint64_t seed) const {
  if (weights.empty() && !cnn_has_embedded_weights(model_))
    check(cnn_init_params(model_, seed));
  else
    loadWeights(weights);
}

std::vector<std::string> metricNames(const ModelLibrary &library) {
  std::vector<std::string> names;
  for (int m = 0; m < cnn_num_metrics(library.model()); ++m)
    names.push_back(cnn_metric_name(library.model(), m));
  return names;
}

std::string formatMetric(const std::string &name, double value) {
  char number[64];
  std::snprintf(number, sizeof number, std::fabs(value) > 1e-3 ? "%.4f" : "%.4e", value);
  return name + ": " + number;
}

std::string formatLayerShape(const cnn_layer_info &info, const std::string &batch) {
  std::string text = "(" + batch;
  for (int d = 1; d < info.rank; ++d)
    text += ", " + std::to_string(info.shape[d]);
  return text + (info.rank == 1 ? ",)" : ")");
}

} // namespace cnn
