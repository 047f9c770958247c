// Choosing the decoder by the file's signature, and TensorFlow's bilinear resize.
#include "Image.h"

#include "UserError.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cnn {
namespace {

bool startsWith(const std::vector<unsigned char> &bytes, const char *signature, size_t length) {
  return bytes.size() >= length && std::memcmp(bytes.data(), signature, length) == 0;
}

// Where output row or column `out` samples the input: the two neighbours and the weight of the
// second, as TensorFlow's HalfPixelScaler and compute_interpolation_weights compute them.
struct Sample {
  int64_t lower, upper;
  float lerp;
};

std::vector<Sample> samples(int64_t inSize, int64_t outSize) {
  const float scale = static_cast<float>(inSize) / static_cast<float>(outSize);
  std::vector<Sample> result(static_cast<size_t>(outSize));
  for (int64_t out = 0; out < outSize; ++out) {
    const float in = (static_cast<float>(out) + 0.5f) * scale - 0.5f;
    const float floor = std::floor(in);
    result[out] = {std::max(static_cast<int64_t>(floor), int64_t{0}),
                   std::min(static_cast<int64_t>(std::ceil(in)), inSize - 1), in - floor};
  }
  return result;
}

} // namespace

uint8_t *Image::row(int64_t y) {
  const size_t rowBytes = static_cast<size_t>(width * channels);
  const size_t end = (static_cast<size_t>(y) + 1) * rowBytes;
  if (pixels.size() < end)
    pixels.resize(end); // grows the capacity geometrically, so rows cost amortized constant time
  return pixels.data() + static_cast<size_t>(y) * rowBytes;
}

void checkImageSize(int64_t height, int64_t width, const std::string &name) {
  if (width > 0 && height > kMaxImagePixels / width)
    throw UserError(name + ": the image has " + std::to_string(width) + " x " +
                    std::to_string(height) + " pixels, more than the " +
                    std::to_string(kMaxImagePixels) + " (8192 x 8192) cnn reads");
}

Image decodeImage(const std::vector<unsigned char> &bytes, int channels, const std::string &name) {
  if (startsWith(bytes, "\x89PNG\r\n\x1a\n", 8))
    return decodePng(bytes, channels, name);
  if (startsWith(bytes, "\xff\xd8\xff", 3))
    return decodeJpeg(bytes, channels, name);
  throw UserError(name + ": not a PNG or JPEG image");
}

void resizeBilinear(const Image &image, int64_t height, int64_t width, float divisor, float *out) {
  const std::vector<Sample> rows = samples(image.height, height),
                            cols = samples(image.width, width);
  const int64_t channels = image.channels;
  const auto pixel = [&](int64_t y, int64_t x, int64_t c) {
    return static_cast<float>(image.pixels[(y * image.width + x) * channels + c]);
  };
  for (int64_t y = 0; y < height; ++y) {
    const Sample &row = rows[y];
    for (int64_t x = 0; x < width; ++x) {
      const Sample &col = cols[x];
      for (int64_t c = 0; c < channels; ++c) {
        const float topLeft = pixel(row.lower, col.lower, c),
                    topRight = pixel(row.lower, col.upper, c),
                    bottomLeft = pixel(row.upper, col.lower, c),
                    bottomRight = pixel(row.upper, col.upper, c);
        const float top = topLeft + (topRight - topLeft) * col.lerp;
        const float bottom = bottomLeft + (bottomRight - bottomLeft) * col.lerp;
        *out++ = (top + (bottom - top) * row.lerp) / divisor;
      }
    }
  }
}

} // namespace cnn
