// The test models' descriptors, kernels and reference results.
#include "TestModels.h"

#include "DescriptorBuilders.h"
#include "TestKernels.h"

#include <algorithm>
#include <cmath>
#include <memory>

const char *const kBrokenKernelMessage =
    "Input buffer b0 is accessed at 3, which is beyond the max "
    "(2) in dimension 0";

namespace {

// args: input, kernel, bias, output. out = in * kernel + bias, where kernel covers one sample
// (every dimension but the outermost) and bias the innermost one.
int scaleKernel(void **args) {
  const halide_buffer_t *in = buffer(args, 0), *kernel = buffer(args, 1), *bias = buffer(args, 2),
                        *out = buffer(args, 3);
  const int rank = out->dimensions;
  bool ok = in->dimensions == rank && kernel->dimensions == rank - 1 && bias->dimensions == 1 &&
            extent(bias, 0) == extent(out, 0);
  for (int d = 0; ok && d < rank; ++d)
    ok = extent(in, d) == extent(out, d) && (d == rank - 1 || extent(kernel, d) == extent(out, d));
  for (const halide_buffer_t *b : {in, kernel, bias, out})
    ok = ok && isFloat32(b);
  if (!ok)
    return fail("scale: the buffers do not fit together");
  forEach(out, [&](const int *x) { at(out, x) = at(in, x) * at(kernel, x) + at(bias, x); });
  return 0;
}

int brokenKernel(void **) { return fail(kBrokenKernelMessage); }

} // namespace

int addKernel(void **args) {
  const halide_buffer_t *a = buffer(args, 0), *b = buffer(args, 1), *out = buffer(args, 2);
  bool ok = a->dimensions == out->dimensions && b->dimensions == out->dimensions;
  for (int d = 0; ok && d < out->dimensions; ++d)
    ok = extent(a, d) == extent(out, d) && extent(b, d) == extent(out, d);
  if (!ok)
    return fail("add: the buffers do not fit together");
  forEach(out, [&](const int *x) { at(out, x) = at(a, x) + at(b, x); });
  return 0;
}

int denseKernel(void **args) {
  const halide_buffer_t *in = buffer(args, 0), *kernel = buffer(args, 1), *bias = buffer(args, 2),
                        *out = buffer(args, 3);
  if (in->dimensions != 2 || kernel->dimensions != 2 || bias->dimensions != 1 ||
      out->dimensions != 2 || extent(kernel, 1) != extent(in, 0) ||
      extent(kernel, 0) != extent(out, 0) || extent(bias, 0) != extent(out, 0) ||
      extent(in, 1) != extent(out, 1))
    return fail("dense: the buffers do not fit together");
  forEach(out, [&](const int *x) {
    float sum = at(bias, x);
    for (int i = 0; i < extent(in, 0); ++i) {
      const int input[2] = {i, x[1]}, weight[2] = {x[0], i};
      sum += at(in, input) * at(kernel, weight);
    }
    at(out, x) = sum;
  });
  return 0;
}

// Shifted by the largest value, as Keras does.
int softmaxKernel(void **args) {
  const halide_buffer_t *in = buffer(args, 0), *out = buffer(args, 1);
  if (in->dimensions != 2 || out->dimensions != 2 || extent(in, 0) != extent(out, 0) ||
      extent(in, 1) != extent(out, 1))
    return fail("softmax: the buffers do not fit together");
  for (int n = 0; n < extent(out, 1); ++n) {
    std::vector<float> row(static_cast<size_t>(extent(in, 0)));
    for (int j = 0; j < extent(in, 0); ++j) {
      const int x[2] = {j, n};
      row[j] = at(in, x);
    }
    const float largest = *std::max_element(row.begin(), row.end());
    float sum = 0.0f;
    for (float &value : row)
      sum += value = std::exp(value - largest);
    for (int j = 0; j < extent(out, 0); ++j) {
      const int x[2] = {j, n};
      at(out, x) = row[j] / sum;
    }
  }
  return 0;
}

const cnn_model_desc &tinyModel() {
  static const ModelStorage model(
      "tiny", 0,
      {layer("input_1", "InputLayer", {}, {-1, 2, 3, 4}),
       layer("scale", "Scale", {0}, {-1, 2, 3, 4},
             {param("scale.kernel", {2, 3, 4}, 4, 4), param("scale.bias", {4}, 0, 0)}, scaleKernel),
       layer("flatten", "Flatten", {1}, {-1, 24}),
       layer("dense", "Dense", {2}, {-1, 3},
             {param("dense.kernel", {24, 3}, 24, 3), param("dense.bias", {3}, 0, 0)}, denseKernel)},
      {0}, {3});
  return model.desc;
}

const cnn_model_desc &twoViewsModel() {
  static const ModelStorage model(
      "two_views", 1,
      {layer("left", "InputLayer", {}, {-1, 8, 8, 2}),
       layer("right", "InputLayer", {}, {-1, 8, 8, 2}),
       layer("scale", "Scale", {0}, {-1, 8, 8, 2},
             {param("scale.kernel", {8, 8, 2}, 2, 2), param("scale.bias", {2}, 0, 0)}, scaleKernel),
       layer("scale_1", "Scale", {1}, {-1, 8, 8, 2},
             {param("scale_1.kernel", {8, 8, 2}, 2, 2), param("scale_1.bias", {2}, 0, 0)},
             scaleKernel),
       layer("add", "Add", {2, 3}, {-1, 8, 8, 2}, {}, addKernel),
       layer("flatten", "Flatten", {4}, {-1, 128}),
       layer("dense", "Dense", {5}, {-1, 10},
             {param("dense.kernel", {128, 10}, 128, 10), param("dense.bias", {10}, 0, 0)},
             denseKernel)},
      {0, 1}, {6, 2});
  return model.desc;
}

const cnn_model_desc &brokenModel() {
  static const ModelStorage model(
      "broken", 1,
      {layer("input_1", "InputLayer", {}, {-1, 3}),
       layer("fine", "Scale", {0}, {-1, 3},
             {param("fine.kernel", {3}, 3, 3), param("fine.bias", {3}, 0, 0)}, scaleKernel),
       layer("broken", "Broken", {0}, {-1, 3}, {}, brokenKernel)},
      {0}, {1, 2});
  return model.desc;
}

const cnn_model_desc &classifierModel() {
  static const ModelStorage model(
      "classifier", 0,
      {layer("input_1", "InputLayer", {}, {-1, 2, 2, 1}), layer("flatten", "Flatten", {0}, {-1, 4}),
       layer("dense", "Dense", {1}, {-1, 3},
             {param("dense.kernel", {4, 3}, 4, 3), param("dense.bias", {3}, 0, 0)}, denseKernel),
       layer("softmax", "Softmax", {2}, {-1, 3}, {}, softmaxKernel)},
      {0}, {3});
  return model.desc;
}

std::vector<float> scaleReference(const std::vector<float> &input, const std::vector<float> &kernel,
                                  const std::vector<float> &bias) {
  std::vector<float> out(input.size());
  for (size_t i = 0; i < input.size(); ++i)
    out[i] = input[i] * kernel[i % kernel.size()] + bias[i % bias.size()];
  return out;
}

std::vector<float> addReference(const std::vector<float> &a, const std::vector<float> &b) {
  std::vector<float> out(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    out[i] = a[i] + b[i];
  return out;
}

std::vector<float> denseReference(const std::vector<float> &input, const std::vector<float> &kernel,
                                  const std::vector<float> &bias) {
  const size_t units = bias.size(), inputs = kernel.size() / units, batch = input.size() / inputs;
  std::vector<float> out(batch * units);
  for (size_t n = 0; n < batch; ++n)
    for (size_t j = 0; j < units; ++j) {
      float sum = bias[j];
      for (size_t i = 0; i < inputs; ++i)
        sum += input[n * inputs + i] * kernel[i * units + j];
      out[n * units + j] = sum;
    }
  return out;
}
