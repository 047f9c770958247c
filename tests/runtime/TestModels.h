// Hand-written model descriptors for the runtime tests.
//
// Their kernels are plain C++ that reads each halide_buffer_t through its dim[] extents and
// strides, so a buffer described in the wrong dimension order makes them fail or compute
// something else.
#ifndef CNN_TESTS_RUNTIME_TEST_MODELS_H
#define CNN_TESTS_RUNTIME_TEST_MODELS_H

#include "cnn/model_desc.h"

#include <vector>

// Sequential "tiny": input_1 (None, 2, 3, 4) -> scale (Scale: x * kernel + bias, kernel (2, 3, 4),
// bias (4,)) -> flatten (None, 24) -> dense (Dense, kernel (24, 3), bias (3,)).
const cnn_model_desc &tinyModel();
// Functional "two_views": left, right (None, 8, 8, 2) -> scale(left), scale_1(right) -> add ->
// flatten (None, 128) -> dense (Dense, kernel (128, 10)); outputs [dense, scale].
const cnn_model_desc &twoViewsModel();
// Functional "broken": input_1 (None, 3) -> fine (Scale), and input_1 -> broken, whose kernel
// reports kBrokenKernelMessage through halide_error and fails; outputs [fine, broken].
const cnn_model_desc &brokenModel();
extern const char *const kBrokenKernelMessage;
// Sequential "classifier" for 2x2 grayscale images: input_1 (None, 2, 2, 1) -> flatten (None, 4)
// -> dense (Dense, kernel (4, 3), bias (3,)) -> softmax (Softmax) (None, 3).
const cnn_model_desc &classifierModel();

// Sequential "trainable" for 2x2 grayscale images, compiled with Adam: input_1 (None, 2, 2, 1) ->
// flatten (None, 4) -> dense (Dense relu, kernel (4, 6), bias (6,)) -> dropout (Dropout) ->
// dense_1 (Dense softmax, kernel (6, 3), bias (3,)). Its training program views the model input
// as the flatten temp and computes the relu gradient in a temp aliasing the dropout gradient.
// Its tables count the Dense layers' work as cnnc does (2 * inputs * units per sample, for the
// forward kernels and both gradient kernels) and 0 for the others.
const cnn_model_desc &trainableModel();
// The same layers as "trainable_sgd", compiled with SGD with momentum.
const cnn_model_desc &trainableSgdModel();
// Functional "trainable_two_inputs": left, right (None, 2, 2, 1) -> add (Add), then the layers
// and parameters of "trainable" from flatten on, with Adam: trained on two arrays, it trains as
// "trainable" does on their sum.
const cnn_model_desc &trainableTwoInputsModel();
constexpr double kTrainableLearningRate = 0.01, kTrainableBeta1 = 0.9, kTrainableBeta2 = 0.999,
                 kTrainableEpsilon = 1e-7, kTrainableSgdLearningRate = 0.1,
                 kTrainableSgdMomentum = 0.5;
constexpr double kTrainableDropoutRate = 0.25;
constexpr double kTrainableDenseFlops = 2 * 4 * 6, kTrainableDense1Flops = 2 * 6 * 3;
constexpr int kTrainableDropoutLayer = 3;

// References computed in Keras layout (row-major, channels last). `kernel` covers one sample;
// `bias` runs along the last axis.
std::vector<float> scaleReference(const std::vector<float> &input, const std::vector<float> &kernel,
                                  const std::vector<float> &bias);
std::vector<float> addReference(const std::vector<float> &a, const std::vector<float> &b);
// kernel (inputs, units), bias (units,).
std::vector<float> denseReference(const std::vector<float> &input, const std::vector<float> &kernel,
                                  const std::vector<float> &bias);

#endif // CNN_TESTS_RUNTIME_TEST_MODELS_H
