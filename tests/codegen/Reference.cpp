// Naive reference layers in double precision: the independent check of the generated kernels.
#include "Reference.h"

#include "cnn/model_desc.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cnnc::test {

Tensor::Tensor(std::vector<int64_t> s) : shape(std::move(s)) { data.assign(size(), 0.0); }

int64_t Tensor::size() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double &Tensor::at4(int64_t n, int64_t y, int64_t x, int64_t c) {
  return data[((n * shape[1] + y) * shape[2] + x) * shape[3] + c];
}

double Tensor::at4(int64_t n, int64_t y, int64_t x, int64_t c) const {
  return data[((n * shape[1] + y) * shape[2] + x) * shape[3] + c];
}

namespace {

/// TensorFlow's rule: output ceil(in / stride); the padding is split with the extra one after.
struct Axis {
  int64_t out, padBefore;
};

Axis axisOf(int64_t in, int64_t k, int64_t s, bool same) {
  if (!same)
    return {(in - k) / s + 1, 0};
  int64_t out = (in + s - 1) / s;
  int64_t pad = std::max<int64_t>((out - 1) * s + k - in, 0);
  return {out, pad / 2};
}

} // namespace

Tensor activate(Tensor t, Act act) {
  for (double &v : t.data)
    v = act == Act::Relu      ? std::max(v, 0.0)
        : act == Act::Sigmoid ? 1.0 / (1.0 + std::exp(-v))
        : act == Act::Tanh    ? std::tanh(v)
                              : v;
  if (act == Act::Softmax) {
    int64_t c = t.shape.back();
    for (int64_t base = 0; base < t.size(); base += c) {
      double peak = *std::max_element(t.data.begin() + base, t.data.begin() + base + c);
      double total = 0;
      for (int64_t i = 0; i < c; ++i)
        total += t.data[base + i] = std::exp(t.data[base + i] - peak);
      for (int64_t i = 0; i < c; ++i)
        t.data[base + i] /= total;
    }
  }
  return t;
}

Tensor conv2d(const Tensor &in, const Tensor &kernel, const Tensor &bias, const Window &w,
              Act act) {
  int64_t batch = in.shape[0], h = in.shape[1], wd = in.shape[2], cin = in.shape[3];
  int64_t cout = kernel.shape[3];
  Axis ay = axisOf(h, w.kh, w.sh, w.same), ax = axisOf(wd, w.kw, w.sw, w.same);
  Tensor out({batch, ay.out, ax.out, cout});
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < ay.out; ++oy)
      for (int64_t ox = 0; ox < ax.out; ++ox)
        for (int64_t co = 0; co < cout; ++co) {
          double acc = bias.data.empty() ? 0.0 : bias.data[co];
          for (int64_t ky = 0; ky < w.kh; ++ky)
            for (int64_t kx = 0; kx < w.kw; ++kx) {
              int64_t iy = oy * w.sh + ky - ay.padBefore, ix = ox * w.sw + kx - ax.padBefore;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd)
                continue;
              for (int64_t ci = 0; ci < cin; ++ci)
                acc +=
                    in.at4(n, iy, ix, ci) * kernel.data[((ky * w.kw + kx) * cin + ci) * cout + co];
            }
          out.at4(n, oy, ox, co) = acc;
        }
  return activate(std::move(out), act);
}

Tensor pool2d(const Tensor &in, const Window &w, bool isMax) {
  int64_t batch = in.shape[0], h = in.shape[1], wd = in.shape[2], c = in.shape[3];
  Axis ay = axisOf(h, w.kh, w.sh, w.same), ax = axisOf(wd, w.kw, w.sw, w.same);
  Tensor out({batch, ay.out, ax.out, c});
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < ay.out; ++oy)
      for (int64_t ox = 0; ox < ax.out; ++ox)
        for (int64_t ch = 0; ch < c; ++ch) {
          double best = -std::numeric_limits<double>::infinity(), total = 0;
          int count = 0;
          for (int64_t ky = 0; ky < w.kh; ++ky)
            for (int64_t kx = 0; kx < w.kw; ++kx) {
              int64_t iy = oy * w.sh + ky - ay.padBefore, ix = ox * w.sw + kx - ax.padBefore;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd)
                continue;
              best = std::max(best, in.at4(n, iy, ix, ch));
              total += in.at4(n, iy, ix, ch);
              ++count;
            }
          out.at4(n, oy, ox, ch) = isMax ? best : total / count;
        }
  return out;
}

Tensor dense(const Tensor &in, const Tensor &kernel, const Tensor &bias, Act act) {
  int64_t batch = in.shape[0], features = in.shape[1], units = kernel.shape[1];
  Tensor out({batch, units});
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t u = 0; u < units; ++u) {
      double acc = bias.data.empty() ? 0.0 : bias.data[u];
      for (int64_t f = 0; f < features; ++f)
        acc += in.data[n * features + f] * kernel.data[f * units + u];
      out.data[n * units + u] = acc;
    }
  return activate(std::move(out), act);
}

Tensor dropout(const Tensor &in, double rate, uint32_t seed, int layer) {
  Tensor out = in;
  const double scale = (float)(1.0 / (1.0 - rate));
  for (int64_t i = 0; i < out.size(); ++i)
    out.data[i] = cnn_dropout_keeps(seed, layer, (uint32_t)i, rate) ? out.data[i] * scale : 0.0;
  return out;
}

double crossEntropy(const Tensor &probabilities, const std::vector<int32_t> &labels) {
  int64_t classes = probabilities.shape.back();
  double total = 0;
  for (size_t n = 0; n < labels.size(); ++n)
    total -= std::log(probabilities.data[n * classes + labels[n]]);
  return total / labels.size();
}

Tensor flatten(const Tensor &in) {
  Tensor out = in;
  out.shape = {in.shape[0], in.size() / in.shape[0]};
  return out;
}

Tensor add(const std::vector<Tensor> &inputs) {
  Tensor out = inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i)
    for (int64_t j = 0; j < out.size(); ++j)
      out.data[j] += inputs[i].data[j];
  return out;
}

Tensor concatLastAxis(const std::vector<Tensor> &inputs) {
  std::vector<int64_t> shape = inputs[0].shape;
  shape.back() = 0;
  for (const Tensor &t : inputs)
    shape.back() += t.shape.back();
  Tensor out(shape);
  int64_t rows = inputs[0].size() / inputs[0].shape.back(), offset = 0;
  for (const Tensor &t : inputs) {
    int64_t c = t.shape.back();
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t i = 0; i < c; ++i)
        out.data[r * shape.back() + offset + i] = t.data[r * c + i];
    offset += c;
  }
  return out;
}

double relativeError(const std::vector<float> &actual, const Tensor &expected) {
  if (actual.size() != (size_t)expected.size())
    return std::numeric_limits<double>::infinity();
  double scale = 0, worst = 0;
  for (int64_t i = 0; i < expected.size(); ++i) {
    scale = std::max(scale, std::abs(expected.data[i]));
    worst = std::max(worst, std::abs(actual[i] - expected.data[i]));
  }
  if (std::isnan(worst))
    return std::numeric_limits<double>::infinity();
  return worst / std::max(scale, 1e-30);
}

} // namespace cnnc::test
