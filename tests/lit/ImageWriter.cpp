// The test images' writers; libpng and libjpeg report errors by longjmp, turned into exceptions
// once the library's call has returned.
#include "ImageWriter.h"

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <jpeglib.h>
#include <png.h>

namespace {

using File = std::unique_ptr<std::FILE, int (*)(std::FILE *)>;

File openForWriting(const std::string &path) {
  File file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!file)
    throw std::runtime_error("cannot write " + path);
  return file;
}

int pngColorType(int channels) {
  static const int kTypes[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                               PNG_COLOR_TYPE_RGB_ALPHA};
  return kTypes[channels - 1];
}

// The rows as libpng takes them: 16-bit values big-endian, or palette indices.
std::vector<uint8_t> pngRows(const TestImage &image, PngLayout layout,
                             std::vector<png_color> &palette) {
  std::vector<uint8_t> rows;
  if (layout == PngLayout::Deep) {
    for (uint8_t value : image.pixels)
      rows.insert(rows.end(), {value, value}); // v * 257
    return rows;
  }
  if (layout == PngLayout::Plain)
    return image.pixels;
  for (size_t p = 0; p < image.pixels.size(); p += 3) {
    const png_color colour{image.pixels[p], image.pixels[p + 1], image.pixels[p + 2]};
    size_t index = 0;
    while (index < palette.size() &&
           (palette[index].red != colour.red || palette[index].green != colour.green ||
            palette[index].blue != colour.blue))
      ++index;
    if (index == palette.size())
      palette.push_back(colour);
    rows.push_back(static_cast<uint8_t>(index));
  }
  return rows;
}

bool pngWrite(std::FILE *file, const TestImage &image, PngLayout layout) {
  std::vector<png_color> palette;
  const std::vector<uint8_t> rows = pngRows(image, layout, palette);
  if (palette.size() > 256)
    return false;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  const int bytesPerSample = layout == PngLayout::Deep ? 2 : 1;
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width),
               static_cast<png_uint_32>(image.height), 8 * bytesPerSample,
               layout == PngLayout::Palette ? PNG_COLOR_TYPE_PALETTE : pngColorType(image.channels),
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (layout == PngLayout::Palette)
    png_set_PLTE(png, info, palette.data(), static_cast<int>(palette.size()));
  png_write_info(png, info);
  const size_t stride = static_cast<size_t>(image.width) *
                        (layout == PngLayout::Palette ? 1 : image.channels * bytesPerSample);
  for (int y = 0; y < image.height; ++y)
    png_write_row(png, rows.data() + y * stride);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

struct JpegFailure {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
};

bool jpegWrite(std::FILE *file, const TestImage &image, int quality) {
  jpeg_compress_struct compress{};
  JpegFailure failure{};
  compress.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = [](j_common_ptr common) {
    std::longjmp(reinterpret_cast<JpegFailure *>(common->err)->jump, 1);
  };
  if (setjmp(failure.jump)) {
    jpeg_destroy_compress(&compress);
    return false;
  }
  jpeg_create_compress(&compress);
  jpeg_stdio_dest(&compress, file);
  compress.image_width = static_cast<JDIMENSION>(image.width);
  compress.image_height = static_cast<JDIMENSION>(image.height);
  compress.input_components = image.channels;
  compress.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&compress);
  jpeg_set_quality(&compress, quality, TRUE);
  jpeg_start_compress(&compress, TRUE);
  const size_t stride = static_cast<size_t>(image.width) * static_cast<size_t>(image.channels);
  while (compress.next_scanline < compress.image_height) {
    JSAMPROW row = const_cast<uint8_t *>(image.pixels.data()) + compress.next_scanline * stride;
    jpeg_write_scanlines(&compress, &row, 1);
  }
  jpeg_finish_compress(&compress);
  jpeg_destroy_compress(&compress);
  return true;
}

} // namespace

void writePng(const std::string &path, const TestImage &image, PngLayout layout) {
  File file = openForWriting(path);
  if (!pngWrite(file.get(), image, layout) || std::fclose(file.release()) != 0)
    throw std::runtime_error("cannot write the PNG image " + path);
}

void writeJpeg(const std::string &path, const TestImage &image, int quality) {
  File file = openForWriting(path);
  if (!jpegWrite(file.get(), image, quality) || std::fclose(file.release()) != 0)
    throw std::runtime_error("cannot write the JPEG image " + path);
}
