// Decoded 8-bit images (PNG through libpng, JPEG through libjpeg-turbo) and their bilinear
// resizing, as Keras's image_dataset_from_directory reads an image folder.
#ifndef CNN_TOOL_IMAGE_H
#define CNN_TOOL_IMAGE_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

// Rows of pixels, channels interleaved (1: gray, 3: RGB).
struct Image {
  int64_t height = 0, width = 0, channels = 0;
  std::vector<uint8_t> pixels;
};

// The file's contents decoded into `channels` (1 or 3) channels, whatever the file stores: a
// palette or fewer than 8 bits are expanded, 16 bits scaled to 8, alpha dropped, colour turned
// gray or gray copied into R, G and B. The format comes from the bytes, not the name. Throws
// UserError ("NAME: not a PNG or JPEG image", "NAME: cannot decode the PNG image: ...").
Image decodeImage(const std::vector<unsigned char> &bytes, int channels, const std::string &name);
Image decodePng(const std::vector<unsigned char> &bytes, int channels, const std::string &name);
Image decodeJpeg(const std::vector<unsigned char> &bytes, int channels, const std::string &name);

// `image` resized to height x width with TensorFlow's bilinear interpolation (half-pixel
// centres, no antialiasing; tf.image.resize's default), each value divided by `divisor`, into
// `out` (height * width * channels floats).
void resizeBilinear(const Image &image, int64_t height, int64_t width, float divisor, float *out);

} // namespace cnn

#endif // CNN_TOOL_IMAGE_H
