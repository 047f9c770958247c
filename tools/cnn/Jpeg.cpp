// Decoding JPEG files with libjpeg-turbo, into gray or RGB as TensorFlow's decode_jpeg does.
//
// libjpeg reports errors through error_exit, which must not return: it longjmps to the setjmp of
// the call that failed. As in Png.cpp, each setjmp sits in a function whose own variables are
// not used after a jump, and the image's memory belongs to the caller.
#include "Image.h"

#include "UserError.h"

#include <csetjmp>
#include <cstdio> // jpeglib.h needs size_t and FILE declared first

#include <jpeglib.h>

#include <jerror.h>

namespace cnn {
namespace {

class JpegReader {
public:
  explicit JpegReader(const std::vector<unsigned char> &bytes) : bytes_(bytes) {
    decompress_.err = jpeg_std_error(&failure_.manager);
    failure_.manager.error_exit = onError;
    failure_.manager.emit_message = onMessage;
  }
  ~JpegReader() { jpeg_destroy_decompress(&decompress_); }
  JpegReader(const JpegReader &) = delete;
  JpegReader &operator=(const JpegReader &) = delete;

  // Reads the header and starts decompressing into `channels`; false on an error.
  bool start(int channels, Image &image) {
    if (setjmp(failure_.jump))
      return false;
    jpeg_create_decompress(&decompress_);
    jpeg_mem_src(&decompress_, bytes_.data(), static_cast<unsigned long>(bytes_.size()));
    jpeg_read_header(&decompress_, TRUE);
    decompress_.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&decompress_);
    image.height = decompress_.output_height;
    image.width = decompress_.output_width;
    image.channels = decompress_.output_components;
    return true;
  }

  // Reads every scanline into `pixels`; false on an error.
  bool read(unsigned char *pixels) {
    if (setjmp(failure_.jump))
      return false;
    const size_t stride = static_cast<size_t>(decompress_.output_width) *
                          static_cast<size_t>(decompress_.output_components);
    while (decompress_.output_scanline < decompress_.output_height) {
      JSAMPROW row = pixels + decompress_.output_scanline * stride;
      jpeg_read_scanlines(&decompress_, &row, 1);
    }
    jpeg_finish_decompress(&decompress_);
    return true;
  }

  const char *message() const { return failure_.message; }

private:
  // The manager comes first, so that libjpeg's pointer to it is a pointer to the whole.
  struct Failure {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
  };

  static void onError(j_common_ptr common) {
    Failure *failure = reinterpret_cast<Failure *>(common->err);
    (*common->err->format_message)(common, failure->message);
    std::longjmp(failure->jump, 1);
  }
  // Warnings are ignored, except a file that ends early: libjpeg would fill it in with gray.
  static void onMessage(j_common_ptr common, int level) {
    if (level < 0 && common->err->msg_code == JWRN_JPEG_EOF)
      onError(common);
  }

  const std::vector<unsigned char> &bytes_;
  jpeg_decompress_struct decompress_{};
  Failure failure_{};
};

} // namespace

Image decodeJpeg(const std::vector<unsigned char> &bytes, int channels, const std::string &name) {
  JpegReader reader(bytes);
  Image image;
  bool ok = reader.start(channels, image);
  if (ok) {
    image.pixels.resize(static_cast<size_t>(image.height * image.width * image.channels));
    ok = reader.read(image.pixels.data());
  }
  if (!ok)
    throw UserError(name + ": cannot decode the JPEG image: " + reader.message());
  return image;
}

} // namespace cnn
