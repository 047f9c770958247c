// Decoding PNG files with libpng, converted as TensorFlow's decode_png converts them.
//
// libpng reports errors by longjmp to the setjmp of the call that failed. Each setjmp below sits
// in a function whose own variables are not used after a jump, and the image's memory belongs
// to the caller, so a jump skips no destructor and reads no clobbered variable.
#include "Image.h"

#include "UserError.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <png.h>

namespace cnn {
namespace {

class PngReader {
public:
  explicit PngReader(const std::vector<unsigned char> &bytes) : bytes_(bytes) {
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, this, onError, onWarning);
    info_ = png_ ? png_create_info_struct(png_) : nullptr;
    if (png_)
      png_set_read_fn(png_, this, onRead);
  }
  ~PngReader() { png_destroy_read_struct(&png_, &info_, nullptr); }
  PngReader(const PngReader &) = delete;
  PngReader &operator=(const PngReader &) = delete;

  // Reads the header and sets up the conversion to 8-bit `channels`; false on an error.
  bool start(int channels, Image &image) {
    if (!info_) {
      std::snprintf(message_, sizeof message_, "out of memory");
      return false;
    }
    if (setjmp(png_jmpbuf(png_)))
      return false;
    png_read_info(png_, info_);
    png_set_expand(png_); // palette to RGB, gray below 8 bits to 8, tRNS to alpha
    png_set_scale_16(png_);
    png_set_strip_alpha(png_);
    const bool colour = (png_get_color_type(png_, info_) & PNG_COLOR_MASK_COLOR) != 0;
    if (channels == 3 && !colour)
      png_set_gray_to_rgb(png_);
    if (channels == 1 && colour)
      png_set_rgb_to_gray_fixed(png_, 1, -1, -1); // libpng's default weights
    passes_ = png_set_interlace_handling(png_);
    png_read_update_info(png_, info_);
    image.height = png_get_image_height(png_, info_);
    image.width = png_get_image_width(png_, info_);
    image.channels = png_get_channels(png_, info_);
    return true;
  }

  // Adam7 interlacing: each pass visits the whole image, so its rows are needed at once.
  bool interlaced() const { return passes_ > 1; }

  // Reads every row into `rows`, allocated beforehand; false on an error.
  bool readInterlaced(png_bytep *rows) {
    if (setjmp(png_jmpbuf(png_)))
      return false;
    png_read_image(png_, rows);
    png_read_end(png_, nullptr);
    return true;
  }

  // Reads the rows one by one, `image` growing with them; false on an error.
  bool readRows(Image &image) {
    if (setjmp(png_jmpbuf(png_)))
      return false;
    for (int64_t y = 0; y < image.height; ++y)
      png_read_row(png_, image.row(y), nullptr);
    png_read_end(png_, nullptr);
    return true;
  }

  const char *message() const { return message_; }

private:
  static void onError(png_structp png, png_const_charp message) {
    auto *reader = static_cast<PngReader *>(png_get_error_ptr(png));
    std::snprintf(reader->message_, sizeof reader->message_, "%s", message);
    png_longjmp(png, 1);
  }
  static void onWarning(png_structp, png_const_charp) {}
  static void onRead(png_structp png, png_bytep out, png_size_t count) {
    auto *reader = static_cast<PngReader *>(png_get_io_ptr(png));
    if (count > reader->bytes_.size() - reader->offset_)
      png_error(png, "the file is truncated");
    std::memcpy(out, reader->bytes_.data() + reader->offset_, count);
    reader->offset_ += count;
  }

  const std::vector<unsigned char> &bytes_;
  size_t offset_ = 0;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
  int passes_ = 1;
  char message_[256] = "";
};

} // namespace

Image decodePng(const std::vector<unsigned char> &bytes, int channels, const std::string &name) {
  PngReader reader(bytes);
  Image image;
  bool ok = reader.start(channels, image);
  if (ok)
    checkImageSize(image.height, image.width, name);
  if (ok && reader.interlaced()) {
    std::vector<png_bytep> rows(static_cast<size_t>(image.height));
    image.row(image.height - 1); // the whole image at once
    for (int64_t y = 0; y < image.height; ++y)
      rows[y] = image.row(y);
    ok = reader.readInterlaced(rows.data());
  } else if (ok) {
    ok = reader.readRows(image);
  }
  if (!ok)
    throw UserError(name + ": cannot decode the PNG image: " + reader.message());
  return image;
}

} // namespace cnn
