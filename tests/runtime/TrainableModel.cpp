// The trainable test models: descriptors, training programs and the kernels they call.
#include "TestModels.h"

#include "DescriptorBuilders.h"
#include "TestKernels.h"

#include <algorithm>
#include <cmath>

namespace {

bool sameExtents(const halide_buffer_t *a, const halide_buffer_t *b) {
  bool same = a->dimensions == b->dimensions;
  for (int d = 0; same && d < a->dimensions; ++d)
    same = extent(a, d) == extent(b, d);
  return same;
}

// The flat Keras-order (row-major) index of `coords` within the whole batch.
uint32_t flatIndex(const halide_buffer_t *buffer, const int *coords) {
  uint32_t index = 0, scale = 1;
  for (int d = 0; d < buffer->dimensions; ++d) {
    index += static_cast<uint32_t>(coords[d] - buffer->dim[d].min) * scale;
    scale *= static_cast<uint32_t>(extent(buffer, d));
  }
  return index;
}

// args: input [i, n], kernel [j, i], bias [j], output [j, n].
int denseReluKernel(void **args) {
  if (const int result = denseKernel(args))
    return result;
  const halide_buffer_t *out = buffer(args, 3);
  forEach(out, [&](const int *x) { at(out, x) = std::max(at(out, x), 0.0f); });
  return 0;
}

int denseSoftmaxKernel(void **args) {
  if (const int result = denseKernel(args))
    return result;
  void *inPlace[] = {args[3], args[3]};
  return softmaxKernel(inPlace);
}

// args: input, seed (uint32_t), the batch's sample at the buffers' first (uint32_t), output.
// Forward in training mode, and its own gradient: both keep an element by cnn_dropout_keeps of
// its index in the whole batch and scale it by 1 / (1 - rate).
int dropoutKernel(void **args) {
  const halide_buffer_t *in = buffer(args, 0), *out = buffer(args, 3);
  const uint32_t seed = *static_cast<const uint32_t *>(args[1]);
  const uint32_t first = *static_cast<const uint32_t *>(args[2]);
  if (!sameExtents(in, out))
    return fail("dropout: the buffers do not fit together");
  const float scale = static_cast<float>(1.0 / (1.0 - kTrainableDropoutRate));
  const int batchDim = out->dimensions - 1;
  const uint32_t sample = static_cast<uint32_t>(out->dim[batchDim].stride);
  forEach(out, [&](const int *x) {
    const uint32_t index = flatIndex(out, x) + first * sample;
    const bool keep = cnn_dropout_keeps(seed, kTrainableDropoutLayer, index, kTrainableDropoutRate);
    at(out, x) = keep ? at(in, x) * scale : 0.0f;
  });
  return 0;
}

// args: probabilities [c, n], labels [n] (int32), output [c, n]: the gradient of the mean
// cross-entropy with respect to the softmax's logits, (p - onehot) / batch.
int lossGradKernel(void **args) {
  const halide_buffer_t *p = buffer(args, 0), *labels = buffer(args, 1), *out = buffer(args, 2);
  if (labels->type.code != halide_type_int || labels->type.bits != 32 || labels->dimensions != 1 ||
      p->dimensions != 2 || extent(labels, 0) != extent(p, 1) || !sameExtents(p, out))
    return fail("loss.grad: the buffers do not fit together");
  const float batch = static_cast<float>(extent(p, 1));
  forEach(out, [&](const int *x) {
    const float onehot = at<int32_t>(labels, x + 1) == x[0] ? 1.0f : 0.0f;
    at(out, x) = (at(p, x) - onehot) / batch;
  });
  return 0;
}

// args: input [i, n], output gradient [j, n], kernel gradient [j, i], bias gradient [j].
int denseGradParamsKernel(void **args) {
  const halide_buffer_t *in = buffer(args, 0), *grad = buffer(args, 1), *kernel = buffer(args, 2),
                        *bias = buffer(args, 3);
  if (in->dimensions != 2 || grad->dimensions != 2 || kernel->dimensions != 2 ||
      bias->dimensions != 1 || extent(in, 1) != extent(grad, 1) ||
      extent(kernel, 0) != extent(grad, 0) || extent(kernel, 1) != extent(in, 0) ||
      extent(bias, 0) != extent(grad, 0))
    return fail("dense.grad_params: the buffers do not fit together");
  forEach(kernel, [&](const int *x) {
    float sum = 0.0f;
    for (int n = 0; n < extent(in, 1); ++n) {
      const int input[2] = {x[1], n}, output[2] = {x[0], n};
      sum += at(in, input) * at(grad, output);
    }
    at(kernel, x) = sum;
  });
  forEach(bias, [&](const int *x) {
    float sum = 0.0f;
    for (int n = 0; n < extent(grad, 1); ++n) {
      const int output[2] = {x[0], n};
      sum += at(grad, output);
    }
    at(bias, x) = sum;
  });
  return 0;
}

// args: output gradient [j, n], kernel [j, i], input gradient [i, n].
int denseGradInputKernel(void **args) {
  const halide_buffer_t *grad = buffer(args, 0), *kernel = buffer(args, 1), *out = buffer(args, 2);
  if (grad->dimensions != 2 || kernel->dimensions != 2 || out->dimensions != 2 ||
      extent(kernel, 0) != extent(grad, 0) || extent(kernel, 1) != extent(out, 0) ||
      extent(out, 1) != extent(grad, 1))
    return fail("dense.grad_input: the buffers do not fit together");
  forEach(out, [&](const int *x) {
    float sum = 0.0f;
    for (int j = 0; j < extent(grad, 0); ++j) {
      const int output[2] = {j, x[1]}, weight[2] = {j, x[0]};
      sum += at(grad, output) * at(kernel, weight);
    }
    at(out, x) = sum;
  });
  return 0;
}

// args: output gradient, relu output, input gradient (may share the output gradient's memory).
int reluGradKernel(void **args) {
  const halide_buffer_t *grad = buffer(args, 0), *relu = buffer(args, 1), *out = buffer(args, 2);
  if (!sameExtents(grad, relu) || !sameExtents(grad, out))
    return fail("relu.grad: the buffers do not fit together");
  forEach(out, [&](const int *x) { at(out, x) = at(relu, x) > 0.0f ? at(grad, x) : 0.0f; });
  return 0;
}

// Update kernels take the gradient and the state they update in place, all flat:
// args: grad, state..., step size (float), state... (the same buffers again).
bool flatInPlace(void **args, int state) {
  bool ok = true;
  for (int a = 0; a < 2 * state + 2; ++a)
    if (a != state + 1)
      ok = ok && buffer(args, a)->dimensions == 1 && isFloat32(buffer(args, a)) &&
           extent(buffer(args, a), 0) == extent(buffer(args, 0), 0);
  for (int s = 0; s < state; ++s)
    ok = ok && buffer(args, 1 + s)->host == buffer(args, state + 2 + s)->host;
  return ok;
}

// args: grad, param, m, v, step size, param, m, v; Keras 3's Adam.
int adamKernel(void **args) {
  const halide_buffer_t *grad = buffer(args, 0), *param = buffer(args, 1), *m = buffer(args, 2),
                        *v = buffer(args, 3);
  if (!flatInPlace(args, 3))
    return fail("adam: the buffers do not fit together");
  const float step = *static_cast<const float *>(args[4]);
  const float beta1 = static_cast<float>(kTrainableBeta1),
              beta2 = static_cast<float>(kTrainableBeta2),
              epsilon = static_cast<float>(kTrainableEpsilon);
  forEach(param, [&](const int *x) {
    const float g = at(grad, x);
    at(m, x) += (g - at(m, x)) * (1.0f - beta1);
    at(v, x) += (g * g - at(v, x)) * (1.0f - beta2);
    at(param, x) -= step * at(m, x) / (std::sqrt(at(v, x)) + epsilon);
  });
  return 0;
}

// args: grad, param, momentum, step size, param, momentum; Keras 3's SGD with momentum.
int sgdKernel(void **args) {
  const halide_buffer_t *grad = buffer(args, 0), *param = buffer(args, 1),
                        *momentum = buffer(args, 2);
  if (!flatInPlace(args, 2))
    return fail("sgd: the buffers do not fit together");
  const float step = *static_cast<const float *>(args[3]);
  const float decay = static_cast<float>(kTrainableSgdMomentum);
  forEach(param, [&](const int *x) {
    at(momentum, x) = -at(grad, x) * step + at(momentum, x) * decay;
    at(param, x) += at(momentum, x);
  });
  return 0;
}

cnn_buffer_ref ref(int kind, int index, int flat = 0) { return {kind, index, flat}; }

cnn_temp_desc temp(const char *name, int64_t units, int alias = -1) {
  return {name, 2, {-1, units}, alias};
}

cnn_step_desc step(const char *name, int phase, cnn_kernel_fn kernel,
                   const std::vector<cnn_buffer_ref> &inputs,
                   const std::vector<cnn_buffer_ref> &outputs, int scalar = CNN_SCALAR_NONE,
                   double flops = 0.0) {
  cnn_step_desc desc = {};
  desc.name = name;
  desc.phase = phase;
  desc.kernel = kernel;
  desc.num_inputs = static_cast<int>(inputs.size());
  desc.num_outputs = static_cast<int>(outputs.size());
  for (size_t a = 0; a < inputs.size(); ++a)
    desc.args[a] = inputs[a];
  for (size_t a = 0; a < outputs.size(); ++a)
    desc.args[inputs.size() + a] = outputs[a];
  desc.scalar = scalar;
  desc.flops = flops;
  return desc;
}

enum Temp {
  kFlatten,
  kDense,
  kDropout,
  kDense1,
  kDense1Grad,
  kDropoutGrad,
  kDenseGrad,
  kReluGrad,
  kSum // the two-input model's only
};

std::vector<cnn_temp_desc> trainableTemps() {
  return {temp("flatten", 4),      temp("dense", 6),
          temp("dropout", 6),      temp("dense_1", 3),
          temp("dense_1.grad", 3), temp("dropout.grad", 6),
          temp("dense.grad", 6),   temp("dense.grad_preactivation", 6, kDenseGrad)};
}

// The forward and backward steps; the updates follow per optimizer.
std::vector<cnn_step_desc> trainableSteps() {
  const int F = CNN_PHASE_FORWARD, B = CNN_PHASE_BACKWARD, T = CNN_BUFFER_TEMP,
            P = CNN_BUFFER_PARAM, G = CNN_BUFFER_GRAD, seed = CNN_SCALAR_DROPOUT_SEED;
  return {
      step("flatten", F, nullptr, {ref(CNN_BUFFER_INPUT, 0)}, {ref(T, kFlatten)}),
      step("dense", F, denseReluKernel, {ref(T, kFlatten), ref(P, 0), ref(P, 1)}, {ref(T, kDense)},
           CNN_SCALAR_NONE, kTrainableDenseFlops),
      step("dropout", F, dropoutKernel, {ref(T, kDense)}, {ref(T, kDropout)}, seed),
      step("dense_1", F, denseSoftmaxKernel, {ref(T, kDropout), ref(P, 2), ref(P, 3)},
           {ref(T, kDense1)}, CNN_SCALAR_NONE, kTrainableDense1Flops),
      step("loss.grad", B, lossGradKernel, {ref(T, kDense1), ref(CNN_BUFFER_LABELS, 0)},
           {ref(T, kDense1Grad)}),
      step("dense_1.grad_params", B, denseGradParamsKernel, {ref(T, kDropout), ref(T, kDense1Grad)},
           {ref(G, 2), ref(G, 3)}, CNN_SCALAR_NONE, kTrainableDense1Flops),
      step("dense_1.grad_input", B, denseGradInputKernel, {ref(T, kDense1Grad), ref(P, 2)},
           {ref(T, kDropoutGrad)}, CNN_SCALAR_NONE, kTrainableDense1Flops),
      step("dropout.grad_input", B, dropoutKernel, {ref(T, kDropoutGrad)}, {ref(T, kDenseGrad)},
           seed),
      step("dense.grad_relu", B, reluGradKernel, {ref(T, kDenseGrad), ref(T, kDense)},
           {ref(T, kReluGrad)}),
      step("dense.grad_params", B, denseGradParamsKernel, {ref(T, kFlatten), ref(T, kReluGrad)},
           {ref(G, 0), ref(G, 1)}, CNN_SCALAR_NONE, kTrainableDenseFlops),
  };
}

const char *const kUpdateNames[] = {"dense.kernel.update", "dense.bias.update",
                                    "dense_1.kernel.update", "dense_1.bias.update"};

std::vector<cnn_step_desc> adamSteps() {
  std::vector<cnn_step_desc> steps = trainableSteps();
  for (int p = 0; p < 4; ++p) {
    const cnn_buffer_ref param = ref(CNN_BUFFER_PARAM, p, 1), m = ref(CNN_BUFFER_SLOT0, p, 1),
                         v = ref(CNN_BUFFER_SLOT1, p, 1);
    steps.push_back(step(kUpdateNames[p], CNN_PHASE_UPDATE, adamKernel,
                         {ref(CNN_BUFFER_GRAD, p, 1), param, m, v}, {param, m, v},
                         CNN_SCALAR_STEP_SIZE));
  }
  return steps;
}

std::vector<cnn_step_desc> sgdSteps() {
  std::vector<cnn_step_desc> steps = trainableSteps();
  for (int p = 0; p < 4; ++p) {
    const cnn_buffer_ref param = ref(CNN_BUFFER_PARAM, p, 1),
                         momentum = ref(CNN_BUFFER_SLOT0, p, 1);
    steps.push_back(step(kUpdateNames[p], CNN_PHASE_UPDATE, sgdKernel,
                         {ref(CNN_BUFFER_GRAD, p, 1), param, momentum}, {param, momentum},
                         CNN_SCALAR_STEP_SIZE));
  }
  return steps;
}

// The two-input model's program: the sum of its inputs, viewed as the flatten temp, then the
// trainable model's steps.
std::vector<cnn_temp_desc> twoInputTemps() {
  std::vector<cnn_temp_desc> temps = trainableTemps();
  temps[kFlatten].alias = kSum;
  temps.push_back({"add", 4, {-1, 2, 2, 1}, -1});
  return temps;
}

std::vector<cnn_step_desc> twoInputSteps() {
  const int F = CNN_PHASE_FORWARD, T = CNN_BUFFER_TEMP;
  std::vector<cnn_step_desc> steps = adamSteps();
  steps[0] = step("flatten", F, nullptr, {ref(T, kSum)}, {ref(T, kFlatten)});
  steps.insert(steps.begin(),
               step("add", F, addKernel, {ref(CNN_BUFFER_INPUT, 0), ref(CNN_BUFFER_INPUT, 1)},
                    {ref(T, kSum)}));
  return steps;
}

cnn_layer_desc withFlops(cnn_layer_desc desc, double flops) {
  desc.flops = flops;
  return desc;
}

// The layers from flatten on, whose first input is layer `first`.
std::vector<cnn_layer_desc> trainableLayersFrom(int first) {
  return {layer("flatten", "Flatten", {first}, {-1, 4}),
          withFlops(layer("dense", "Dense", {first + 1}, {-1, 6},
                          {param("dense.kernel", {4, 6}, 4, 6), param("dense.bias", {6}, 0, 0)},
                          denseReluKernel),
                    kTrainableDenseFlops),
          layer("dropout", "Dropout", {first + 2}, {-1, 6}),
          withFlops(layer("dense_1", "Dense", {first + 3}, {-1, 3},
                          {param("dense_1.kernel", {6, 3}, 6, 3), param("dense_1.bias", {3}, 0, 0)},
                          denseSoftmaxKernel),
                    kTrainableDense1Flops)};
}

std::vector<cnn_layer_desc> trainableLayers() {
  std::vector<cnn_layer_desc> layers = {layer("input_1", "InputLayer", {}, {-1, 2, 2, 1})};
  for (const cnn_layer_desc &later : trainableLayersFrom(0))
    layers.push_back(later);
  return layers;
}

std::vector<cnn_layer_desc> twoInputLayers() {
  std::vector<cnn_layer_desc> layers = {layer("left", "InputLayer", {}, {-1, 2, 2, 1}),
                                        layer("right", "InputLayer", {}, {-1, 2, 2, 1}),
                                        layer("add", "Add", {0, 1}, {-1, 2, 2, 1}, {}, addKernel)};
  for (const cnn_layer_desc &later : trainableLayersFrom(2))
    layers.push_back(later);
  return layers;
}

// Keeps the arrays a cnn_train_desc points into.
struct TrainStorage {
  TrainStorage(const cnn_optimizer_desc &optimizer, std::vector<cnn_step_desc> stepList,
               std::vector<cnn_temp_desc> tempList = trainableTemps())
      : temps(std::move(tempList)),
        steps(std::move(stepList)), loss{0, CNN_LOSS_CROSSENTROPY, 1.0, CNN_METRIC_ACCURACY,
                                         ref(CNN_BUFFER_TEMP, kDense1)} {
    desc = {optimizer,    static_cast<int>(temps.size()),
            temps.data(), static_cast<int>(steps.size()),
            steps.data(), 1,
            &loss};
  }
  std::vector<cnn_temp_desc> temps;
  std::vector<cnn_step_desc> steps;
  cnn_loss_desc loss;
  cnn_train_desc desc;
};

/// Adam with the trainable models' settings.
cnn_optimizer_desc trainableAdam() {
  return {CNN_OPTIMIZER_ADAM,
          kTrainableLearningRate,
          kTrainableBeta1,
          kTrainableBeta2,
          kTrainableEpsilon,
          0.0,
          0.0,
          0};
}

} // namespace

const cnn_model_desc &trainableModel() {
  static const TrainStorage train(trainableAdam(), adamSteps());
  static const ModelStorage model("trainable", 0, trainableLayers(), {0}, {4}, &train.desc);
  return model.desc;
}

const cnn_model_desc &trainableSgdModel() {
  static const TrainStorage train(
      {CNN_OPTIMIZER_SGD, kTrainableSgdLearningRate, 0.0, 0.0, 0.0, kTrainableSgdMomentum, 0.0, 0},
      sgdSteps());
  static const ModelStorage model("trainable_sgd", 0, trainableLayers(), {0}, {4}, &train.desc);
  return model.desc;
}

const cnn_model_desc &trainableTwoInputsModel() {
  static const TrainStorage train(trainableAdam(), twoInputSteps(), twoInputTemps());
  static const ModelStorage model("trainable_two_inputs", 1, twoInputLayers(), {0, 1}, {6},
                                  &train.desc);
  return model.desc;
}
