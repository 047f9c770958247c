// Decoded 8-bit images (PNG through libpng, JPEG through libjpeg-turbo) and their bilinear
// resizing, as Keras's image_dataset_from_directory reads an image folder.
#ifndef CNN_TOOL_IMAGE_H
#define CNN_TOOL_IMAGE_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

// The most pixels an image may have (8192 x 8192); a larger one is refused before its pixels are
// allocated.
constexpr int64_t kMaxImagePixels = int64_t(1) << 26;

// Rows of pixels, channels interleaved (1: gray, 3: RGB).
struct Image {
  int64_t height = 0, width = 0, channels = 0;
  std::vector<uint8_t> pixels;

  // Row y, `pixels` grown to hold rows 0 to y: decoders ask for each row as they decode it, so
  // that a file which announces more than it holds costs only the rows it holds.
  uint8_t *row(int64_t y);
};

// Throws UserError ("NAME: the image has W x H pixels, ...") when width x height is more than
// kMaxImagePixels.
void checkImageSize(int64_t height, int64_t width, const std::string &name);

// The file's contents decoded into `channels` (1 or 3) channels, whatever the file stores: a
// palette or fewer than 8 bits are expanded, 16 bits scaled to 8, alpha dropped, colour turned
// gray or gray copied into R, G and B. The format comes from the bytes, not the name. Throws
// UserError ("NAME: not a PNG or JPEG image", "NAME: cannot decode the PNG image: ...", or the
// size error of checkImageSize).
Image decodeImage(const std::vector<unsigned char> &bytes, int channels, const std::string &name);
Image decodePng(const std::vector<unsigned char> &bytes, int channels, const std::string &name);
Image decodeJpeg(const std::vector<unsigned char> &bytes, int channels, const std::string &name);

// `image` resized to height x width with TensorFlow's bilinear interpolation (half-pixel
// centres, no antialiasing; tf.image.resize's default), each value divided by `divisor`, into
// `out` (height * width * channels floats).
void resizeBilinear(const Image &image, int64_t height, int64_t width, float divisor, float *out);

} // namespace cnn

#endif // CNN_TOOL_IMAGE_H
