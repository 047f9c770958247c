// struct cnn_model: a model built from its descriptor, its parameters and activation buffers.
#ifndef CNNRT_MODEL_H
#define CNNRT_MODEL_H

#include "CrossEntropy.h"
#include "Profile.h"

#include "cnn/model_desc.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cnnrt {
class Trainer;
namespace safetensors {
struct File;
struct TensorRef;
} // namespace safetensors
} // namespace cnnrt

struct cnn_model {
public:
  // Checks the descriptor (throws cnnrt::Error with CNN_ERROR_FORMAT, also for another
  // CNN_ABI_VERSION) and fills the parameters with its embedded weights, or zeros. The descriptor
  // must outlive the model.
  explicit cnn_model(const cnn_model_desc &desc);
  ~cnn_model();

  struct Param {
    const cnn_param_desc *desc;
    std::vector<float> data;
  };

  const cnn_model_desc &desc() const { return desc_; }
  const cnn_layer_desc &layer(int index) const; // throws CNN_ERROR_ARGUMENT when out of range
  int findLayer(const char *name) const;        // -1 if there is none
  int64_t layerParamCount(int layer) const;
  // Scalars of one sample of the layer's output (the product of shape[1..]).
  int64_t sampleSize(int layer) const;

  const std::vector<Param> &params() const { return params_; }
  std::vector<Param> &params() { return params_; }
  int findParam(const char *name) const;           // -1 if there is none
  std::vector<float> &paramData(const char *name); // throws CNN_ERROR_ARGUMENT if unknown

  // Keeps the model library the descriptor lives in (cnn_open) loaded while the model lives.
  void keepLibrary(std::shared_ptr<void> library) { library_ = std::move(library); }
  bool hasEmbeddedWeights() const { return desc_.weights != nullptr; }

  // GlorotInit.cpp
  void initParams(uint64_t seed);
  // Weights.cpp
  void loadWeights(const std::string &path);
  void loadEmbeddedWeights();
  void loadParams(const cnnrt::safetensors::File &file);
  void saveWeights(const std::string &path) const;
  // The parameters stored in `file`, in params() order, checked against the model; tensors named
  // "optimizer.*" (a checkpoint's optimizer state) are left to the caller.
  std::vector<std::vector<float>> paramsFrom(const cnnrt::safetensors::File &file) const;
  // The parameters as tensors to write, pointing into the model.
  std::vector<cnnrt::safetensors::TensorRef> paramTensors() const;
  // Forward.cpp
  // Throws CNN_ERROR_ARGUMENT unless `inputs` and each of its arrays are given; messages call
  // them "<what> 1 ('right')".
  void checkInputs(const float *const *inputs, const std::string &what) const;
  // Throws CNN_ERROR_ARGUMENT unless `batch` >= 1, every input is given and every layer's
  // output fits Halide's 32-bit extents.
  void checkBatch(int64_t batch, const float *const *inputs) const;
  void forward(int64_t batch, const float *const *inputs, float *const *outputs);
  void layerOutput(const char *layerName, int64_t batch, const float *const *inputs, float *data,
                   size_t count);
  // Evaluate.cpp: the mean cross-entropy and the accuracy of the first output (probabilities)
  // over `count` samples (one array per model input), in batches of `batchSize`.
  void evaluate(const float *const *inputs, const int32_t *labels, int64_t count, int64_t batchSize,
                double &loss, double &accuracy);
  // The score of each loss of the training program (its order) over `count` samples against
  // targets[o] of each model output o, in batches of `batchSize`; `samples` names them in
  // messages ("validation sample").
  std::vector<cnnrt::Score> evaluateLosses(const float *const *inputs, const cnn_targets *targets,
                                           int64_t count, int64_t batchSize, const char *samples);
  // "output 2 of 2 ('size')": model output `output` (0-based) in messages.
  std::string describeOutput(int output) const;
  // Each input's array from sample `first` on.
  std::vector<const float *> inputsFrom(const float *const *inputs, int64_t first) const;

  // The training program's interpreter (Trainer.h); throws CNN_ERROR_ARGUMENT for a library
  // compiled with --inference-only.
  bool canTrain() const { return trainer_ != nullptr; }
  cnnrt::Trainer &trainer();
  const cnnrt::Trainer &trainer() const;

  // The thread whose C API call is using the instance (CApi.cpp claims it), or none.
  std::atomic<std::thread::id> &user() const { return user_; }

  // Profile.h: each kernel call's time and work, while profiling is on.
  cnnrt::Profile &profile() { return profile_; }
  const cnnrt::Profile &profile() const { return profile_; }

private:
  void checkDescriptor() const;
  int paramIndex(const char *name) const; // throws CNN_ERROR_ARGUMENT if unknown
  // Runs the layers that `targets` depend on, for a batch size already checked; returns every
  // layer's output memory (null for the layers that did not run).
  std::vector<float *> run(int64_t batch, const float *const *inputs,
                           const std::vector<int> &targets);
  void prepareActivations(int64_t batch);
  void callKernel(int layer, int64_t batch, const std::vector<float *> &memory);

  std::shared_ptr<void> library_; // first, so that it is released last
  const cnn_model_desc &desc_;
  std::vector<Param> params_;
  std::vector<int> inputSlot_;  // per layer: its index among the model inputs, or -1
  std::vector<int> firstParam_; // per layer: the index in params_ of its first parameter
  // Outputs of the layers with a kernel, sized for activationBatch_ samples.
  std::vector<std::vector<float>> activations_;
  int64_t activationBatch_ = 0;
  std::unique_ptr<cnnrt::Trainer> trainer_; // null without a training program
  cnnrt::Profile profile_;
  mutable std::atomic<std::thread::id> user_{};
};

namespace cnnrt {
// "(3, 3, 1, 32)"; a leading -1 prints as "None".
std::string formatShape(const int64_t *shape, int rank);
int64_t elementCount(const int64_t *shape, int rank);

// A checkpoint names the optimizer state's tensors "optimizer.<parameter>.<slot>".
inline constexpr const char *kOptimizerTensorPrefix = "optimizer.";

// Weights.cpp: whether a tensor belongs to a checkpoint's optimizer state, and the data of tensor
// `name` of `file`, checked to be F32 of `shape` (CNN_ERROR_FORMAT otherwise, also when missing).
bool isOptimizerTensor(const std::string &name);
std::vector<float> floatTensor(const safetensors::File &file, const std::string &name,
                               const int64_t *shape, int rank);
} // namespace cnnrt

#endif // CNNRT_MODEL_H
