// cnn.hpp: a header-only C++17 interface over the C API of cnn.h. Errors are exceptions.
#ifndef CNN_CNN_HPP
#define CNN_CNN_HPP

#include "cnn/cnn.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cnn {

/// A failed call: its status and cnn_last_error()'s message.
class Error : public std::runtime_error {
public:
  Error(cnn_status status, const std::string &message)
      : std::runtime_error(message), status_(status) {}
  cnn_status status() const noexcept { return status_; }

private:
  cnn_status status_;
};

/// Throws Error unless `status` is CNN_OK.
inline void check(cnn_status status) {
  if (status != CNN_OK)
    throw Error(status, cnn_last_error());
}

/// One instance of a compiled model, destroyed with the object. Movable, not copyable; like the C
/// API, one instance is not for two threads at once (see cnn.h).
class Model {
public:
  /// An instance of the compiled model `desc`, e.g. cnn::Model(cnnc_model_fashion_cnn()).
  explicit Model(const cnn_model_desc *desc) { check(cnn_create(desc, &model_)); }
  /// An instance of the model in the library `path` (an M.so; see cnn_open).
  static Model open(const std::string &path) {
    cnn_model *model = nullptr;
    check(cnn_open(path.c_str(), &model));
    return Model(model);
  }

  Model(Model &&other) noexcept : model_(std::exchange(other.model_, nullptr)) {}
  Model &operator=(Model &&other) noexcept {
    if (this != &other)
      cnn_destroy(std::exchange(model_, std::exchange(other.model_, nullptr)));
    return *this;
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  ~Model() { cnn_destroy(model_); }

  /// The C handle, for the calls this class does not wrap.
  cnn_model *get() const noexcept { return model_; }
  std::string name() const { return cnn_model_name(model_); }
  bool hasEmbeddedWeights() const { return cnn_has_embedded_weights(model_) != 0; }

  void loadWeights(const std::string &path) { check(cnn_load_weights(model_, path.c_str())); }
  void saveWeights(const std::string &path) const { check(cnn_save_weights(model_, path.c_str())); }
  void initParams(uint64_t seed) { check(cnn_init_params(model_, seed)); }
  void setThreads(int threads) { check(cnn_set_threads(model_, threads)); }

  int numInputs() const { return cnn_num_inputs(model_); }
  int numOutputs() const { return cnn_num_outputs(model_); }
  /// Floats per sample of model input `input`, and of model output `output`.
  size_t inputSize(int input = 0) const { return sampleSize(cnn_input_layer(model_, input)); }
  size_t outputSize(int output = 0) const { return sampleSize(cnn_output_layer(model_, output)); }

  /// cnn_forward: `batch` samples, one array per model input and output.
  void forward(int64_t batch, const float *const *inputs, float *const *outputs) {
    check(cnn_forward(model_, batch, inputs, outputs));
  }
  /// A one-input, one-output model on the `count` floats at `input` (whole samples), writing
  /// `outputCount` floats (as many samples) to `output`.
  void predict(const float *input, size_t count, float *output, size_t outputCount) {
    if (numInputs() != 1 || numOutputs() != 1)
      throw Error(CNN_ERROR_ARGUMENT, "predict() takes a model of one input and one output; "
                                      "use forward() for model '" +
                                          name() + "'");
    const size_t samples = count / inputSize();
    if (samples == 0 || samples * inputSize() != count || samples * outputSize() != outputCount)
      throw Error(CNN_ERROR_ARGUMENT, "predict(): " + std::to_string(count) + " input floats and " +
                                          std::to_string(outputCount) +
                                          " output floats are not one batch of model '" + name() +
                                          "' (" + std::to_string(inputSize()) + " and " +
                                          std::to_string(outputSize()) + " floats per sample)");
    const float *inputs[] = {input};
    float *outputs[] = {output};
    forward(static_cast<int64_t>(samples), inputs, outputs);
  }
  /// The same on a vector of whole samples; returns their outputs.
  std::vector<float> predict(const std::vector<float> &input) {
    std::vector<float> output(input.size() / inputSize() * outputSize());
    predict(input.data(), input.size(), output.data(), output.size());
    return output;
  }

private:
  explicit Model(cnn_model *model) : model_(model) {}
  size_t sampleSize(int layer) const {
    cnn_layer_info info;
    check(cnn_layer_info_at(model_, layer, &info));
    size_t size = 1;
    for (int d = 1; d < info.rank; ++d)
      size *= static_cast<size_t>(info.shape[d]);
    return size;
  }

  cnn_model *model_ = nullptr;
};

} // namespace cnn

#endif // CNN_CNN_HPP
