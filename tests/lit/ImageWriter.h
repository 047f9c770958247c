// Writing small PNG (libpng) and JPEG (libjpeg-turbo) files in the layouts the image-folder
// reader must handle, for the tests.
#ifndef CNN_TESTS_IMAGE_WRITER_H
#define CNN_TESTS_IMAGE_WRITER_H

#include <cstdint>
#include <string>
#include <vector>

// Rows of 8-bit pixels, channels interleaved: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
struct TestImage {
  int width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;
};

// How a PNG stores the pixels: as they are, with 16 bits a channel (each value v as v * 257), or
// RGB through a palette (at most 256 colours).
enum class PngLayout { Plain, Deep, Palette };

// Throw std::runtime_error naming the file when it cannot be written.
void writePng(const std::string &path, const TestImage &image, PngLayout layout);
// Gray (1 channel) or RGB (3 channels).
void writeJpeg(const std::string &path, const TestImage &image, int quality);

#endif // CNN_TESTS_IMAGE_WRITER_H
