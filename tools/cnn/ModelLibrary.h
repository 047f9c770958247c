// ModelLibrary: a model library opened by path (cnn_open) and the model instance it holds.
#ifndef CNN_TOOL_MODEL_LIBRARY_H
#define CNN_TOOL_MODEL_LIBRARY_H

#include "UserError.h"
#include "cnn/cnn.h"

#include <memory>
#include <string>
#include <vector>

namespace cnn {

class ModelLibrary {
public:
  // Opens the library, creates the model and, when `threads` >= 0, sets the kernels' thread
  // count. Throws UserError.
  ModelLibrary(const std::string &path, int threads);
  ~ModelLibrary();
  ModelLibrary(const ModelLibrary &) = delete;
  ModelLibrary &operator=(const ModelLibrary &) = delete;

  cnn_model *model() const { return model_; }
  // Throws UserError with cnn_last_error() unless `status` is CNN_OK.
  void check(cnn_status status) const;

  // Trains on one replica per thread (cnn_set_replicas) when `mode` is "replicas" and `threads`
  // asks for more than one (0 or -1: one per core); else on one, with kernel-parallel threads.
  // Either way in micro-batches of `microBatch` samples.
  void setTrainingParallelism(const std::string &mode, int threads, int64_t microBatch) const;

  cnn_layer_info layerInfo(int layer) const;
  // The index of the layer called `name`; throws UserError ("model 'M' has no layer 'name'",
  // then `hint`) when there is none.
  int findLayer(const std::string &name, const std::string &hint = "") const;
  // Loads the safetensors file `weights`; with none, keeps the weights compiled into the model,
  // and without those throws UserError.
  void loadWeights(const std::string &weights) const;
  // Loads the safetensors file `weights`; with none, keeps the weights compiled into the model,
  // or Glorot-initialises from `seed`.
  void loadWeightsOrInit(const std::string &weights, uint64_t seed) const;

private:
  cnn_model *model_ = nullptr;
};

// What fit() and evaluate() report for the model: "loss", "accuracy", ... (cnn_metric_name).
std::vector<std::string> metricNames(const ModelLibrary &library);
// "loss: 0.3012", Keras's way: four decimals, or scientific notation when tiny ("1.3359e-05").
std::string formatMetric(const std::string &name, double value);

// A layer's Keras shape with `batch` standing for the batch size: "(None, 28, 28, 32)".
std::string formatLayerShape(const cnn_layer_info &info, const std::string &batch);

} // namespace cnn

#endif // CNN_TOOL_MODEL_LIBRARY_H
