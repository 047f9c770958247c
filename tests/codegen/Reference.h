// Naive reference layers in double precision: the independent check of the generated kernels.
#ifndef CNNC_TESTS_REFERENCE_H
#define CNNC_TESTS_REFERENCE_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnnc::test {

/// A dense tensor in Keras layout (batch first, channels last).
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;

  Tensor() = default;
  explicit Tensor(std::vector<int64_t> shape);
  int64_t size() const;
  double &at4(int64_t n, int64_t y, int64_t x, int64_t c);
  double at4(int64_t n, int64_t y, int64_t x, int64_t c) const;
};

enum class Act { Linear, Relu, Softmax, Sigmoid, Tanh };

struct Window {
  int64_t kh, kw, sh, sw;
  bool same;
};

/// Keras Conv2D; kernel (kh, kw, in, out), bias (out) or empty.
Tensor conv2d(const Tensor &in, const Tensor &kernel, const Tensor &bias, const Window &w, Act act);
/// Keras MaxPooling2D / AveragePooling2D; `same` windows count only the image's pixels.
Tensor pool2d(const Tensor &in, const Window &w, bool isMax);
/// Keras Dense on (batch, features); kernel (features, units).
Tensor dense(const Tensor &in, const Tensor &kernel, const Tensor &bias, Act act);
Tensor flatten(const Tensor &in);
Tensor add(const std::vector<Tensor> &inputs);
Tensor concatLastAxis(const std::vector<Tensor> &inputs);
Tensor activate(Tensor t, Act act);
/// Keras Dropout in training: the mask of runtime/include/cnn/model_desc.h, inverted scaling.
Tensor dropout(const Tensor &in, double rate, uint32_t seed, int layer);
/// Keras's sparse categorical cross-entropy of probabilities (batch, classes), batch mean.
double crossEntropy(const Tensor &probabilities, const std::vector<int32_t> &labels);

/// max |actual - expected| / max |expected|: the error relative to the tensor's scale.
double relativeError(const std::vector<float> &actual, const Tensor &expected);

} // namespace cnnc::test

#endif // CNNC_TESTS_REFERENCE_H
