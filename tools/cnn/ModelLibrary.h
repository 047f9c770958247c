// ModelLibrary: a model.so opened with dlopen, its cnn_* functions and the model it creates.
#ifndef CNN_TOOL_MODEL_LIBRARY_H
#define CNN_TOOL_MODEL_LIBRARY_H

#include "cnn/cnn.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn {

// An error of the user's making; cnn prints it as "cnn: error: <message>" and exits with 1.
class UserError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The functions of cnn.h, in the order they are resolved.
#define CNN_API_FUNCTIONS(X)                                                                       \
  X(cnn_create)                                                                                    \
  X(cnn_destroy)                                                                                   \
  X(cnn_last_error)                                                                                \
  X(cnn_model_name)                                                                                \
  X(cnn_num_layers)                                                                                \
  X(cnn_layer_info_at)                                                                             \
  X(cnn_layer_input)                                                                               \
  X(cnn_find_layer)                                                                                \
  X(cnn_is_functional)                                                                             \
  X(cnn_num_inputs)                                                                                \
  X(cnn_input_layer)                                                                               \
  X(cnn_num_outputs)                                                                               \
  X(cnn_output_layer)                                                                              \
  X(cnn_num_params)                                                                                \
  X(cnn_param_info)                                                                                \
  X(cnn_get_param)                                                                                 \
  X(cnn_set_param)                                                                                 \
  X(cnn_init_params)                                                                               \
  X(cnn_load_weights)                                                                              \
  X(cnn_save_weights)                                                                              \
  X(cnn_set_threads)                                                                               \
  X(cnn_forward)                                                                                   \
  X(cnn_layer_output)                                                                              \
  X(cnn_dataset_load)                                                                              \
  X(cnn_dataset_destroy)                                                                           \
  X(cnn_dataset_shape)                                                                             \
  X(cnn_dataset_images)                                                                            \
  X(cnn_dataset_labels)                                                                            \
  X(cnn_evaluate)                                                                                  \
  X(cnn_can_train)                                                                                 \
  X(cnn_optimizer_name)                                                                            \
  X(cnn_learning_rate)                                                                             \
  X(cnn_set_learning_rate)                                                                         \
  X(cnn_optimizer_steps)                                                                           \
  X(cnn_compute_gradients)                                                                         \
  X(cnn_get_gradient)                                                                              \
  X(cnn_apply_gradients)                                                                           \
  X(cnn_train_step)                                                                                \
  X(cnn_fit_options_init)                                                                          \
  X(cnn_fit)                                                                                       \
  X(cnn_set_profiling)                                                                             \
  X(cnn_profile_count)                                                                             \
  X(cnn_profile_entry)

struct CnnApi {
#define CNN_API_POINTER(name) decltype(&::name) name = nullptr;
  CNN_API_FUNCTIONS(CNN_API_POINTER)
#undef CNN_API_POINTER
};

class ModelLibrary {
public:
  // Opens the library, resolves the API, creates the model and, when `threads` >= 0, sets the
  // kernels' thread count. Throws UserError.
  ModelLibrary(const std::string &path, int threads);
  ~ModelLibrary();
  ModelLibrary(const ModelLibrary &) = delete;
  ModelLibrary &operator=(const ModelLibrary &) = delete;

  const CnnApi &api() const { return api_; }
  cnn_model *model() const { return model_; }
  // Throws UserError with cnn_last_error() unless `status` is CNN_OK.
  void check(cnn_status status) const;

  cnn_layer_info layerInfo(int layer) const;
  // The index of the layer called `name`; throws UserError ("model 'M' has no layer 'name'",
  // then `hint`) when there is none.
  int findLayer(const std::string &name, const std::string &hint = "") const;
  // Loads the safetensors file `weights`, or Glorot-initialises from `seed` when it is empty.
  void loadWeightsOrInit(const std::string &weights, uint64_t seed) const;

private:
  struct Closer {
    void operator()(void *handle) const;
  };
  std::unique_ptr<void, Closer> handle_;
  CnnApi api_;
  cnn_model *model_ = nullptr;
};

// A layer's Keras shape with `batch` standing for the batch size: "(None, 28, 28, 32)".
std::string formatLayerShape(const cnn_layer_info &info, const std::string &batch);

} // namespace cnn

#endif // CNN_TOOL_MODEL_LIBRARY_H
