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

  // Reads the header, which gives the size; false on an error.
  bool start(int channels, Image &image) {
    if (setjmp(failure_.jump))
      return false;
    jpeg_create_decompress(&decompress_);
    jpeg_mem_src(&decompress_, bytes_.data(), static_cast<unsigned long>(bytes_.size()));
    jpeg_read_header(&decompress_, TRUE);
    decompress_.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    image.height = decompress_.image_height;
    image.width = decompress_.image_width;
    image.channels = channels;
    return true;
  }

  // Decompresses every scanline, `image` growing with them; false on an error. A progressive
  // file's coefficients take memory for the whole image here, hence the size check before.
  bool read(Image &image) {
    if (setjmp(failure_.jump))
      return false;
    jpeg_start_decompress(&decompress_);
    while (decompress_.output_scanline < decompress_.output_height) {
      JSAMPROW row = image.row(decompress_.output_scanline);
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
  // Warnings are ignored, except data that ends early, at the end of the file or at a marker:
  // libjpeg would fill the rest of the image in with gray.
  static void onMessage(j_common_ptr common, int level) {
    const int code = common->err->msg_code;
    if (level < 0 && (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER))
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
    checkImageSize(image.height, image.width, name);
    ok = reader.read(image);
  }
  if (!ok)
    throw UserError(name + ": cannot decode the JPEG image: " + reader.message());
  return image;
}

} // namespace cnn
