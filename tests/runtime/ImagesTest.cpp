// The cnn tool's image folders: decoding PNG and JPEG layouts, the bilinear resize against
// TensorFlow's sampling points, and the folder's order as Keras lists it.
#include "Image.h"
#include "ImageFolder.h"
#include "ImageWriter.h"
#include "TestSupport.h"
#include "UserError.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

TestImage image(int width, int height, int channels, std::vector<uint8_t> pixels) {
  return {width, height, channels, std::move(pixels)};
}

std::vector<unsigned char> bytesOf(const std::string &path) {
  const std::string text = readFile(path);
  return {text.begin(), text.end()};
}

std::string decodeError(const std::vector<unsigned char> &bytes, const std::string &name) {
  try {
    cnn::decodeImage(bytes, 3, name);
  } catch (const cnn::UserError &error) {
    return error.what();
  }
  return "(no error)";
}

class Images : public ::testing::Test {
protected:
  // `written` written as a PNG with `layout` and decoded into `channels`.
  cnn::Image throughPng(const TestImage &written, PngLayout layout, int channels) {
    const std::string path = dir_.file("image.png");
    writePng(path, written, layout);
    return cnn::decodeImage(bytesOf(path), channels, path);
  }
  TempDir dir_;
};

const std::vector<uint8_t> kRgb = {200, 10, 30, 0, 128, 255, 17, 34, 51};

TEST_F(Images, DecodesRgbPngsAsStored) {
  for (PngLayout layout : {PngLayout::Plain, PngLayout::Deep, PngLayout::Palette}) {
    const cnn::Image decoded = throughPng(image(3, 1, 3, kRgb), layout, 3);
    EXPECT_EQ(decoded.width, 3);
    EXPECT_EQ(decoded.height, 1);
    EXPECT_EQ(decoded.channels, 3);
    EXPECT_EQ(decoded.pixels, kRgb);
  }
}

TEST_F(Images, DropsAlphaAndCopiesGrayIntoRgb) {
  const cnn::Image rgba =
      throughPng(image(2, 1, 4, {200, 10, 30, 0, 1, 2, 3, 255}), PngLayout::Plain, 3);
  EXPECT_EQ(rgba.pixels, (std::vector<uint8_t>{200, 10, 30, 1, 2, 3}));
  const cnn::Image gray = throughPng(image(2, 1, 2, {90, 0, 250, 128}), PngLayout::Plain, 3);
  EXPECT_EQ(gray.pixels, (std::vector<uint8_t>{90, 90, 90, 250, 250, 250}));
  const cnn::Image grayAsGray = throughPng(image(2, 1, 1, {90, 250}), PngLayout::Plain, 1);
  EXPECT_EQ(grayAsGray.pixels, (std::vector<uint8_t>{90, 250}));
}

TEST_F(Images, TurnsColourGrayWithTheUsualWeights) {
  const cnn::Image gray = throughPng(image(3, 1, 3, kRgb), PngLayout::Plain, 1);
  ASSERT_EQ(gray.channels, 1);
  for (int p = 0; p < 3; ++p) {
    const double luma = 0.2126 * kRgb[3 * p] + 0.7152 * kRgb[3 * p + 1] + 0.0722 * kRgb[3 * p + 2];
    EXPECT_NEAR(gray.pixels[p], luma, 2.0) << "pixel " << p;
  }
}

TEST_F(Images, DecodesJpegsInEitherColourMode) {
  const std::string path = dir_.file("flat.jpg");
  std::vector<uint8_t> flat;
  for (int p = 0; p < 64; ++p)
    flat.insert(flat.end(), {40, 160, 220});
  writeJpeg(path, image(8, 8, 3, flat), 100);
  const cnn::Image rgb = cnn::decodeImage(bytesOf(path), 3, path);
  ASSERT_EQ(rgb.pixels.size(), flat.size());
  for (size_t i = 0; i < flat.size(); ++i)
    EXPECT_NEAR(rgb.pixels[i], flat[i], 3) << "value " << i;
  const cnn::Image gray = cnn::decodeImage(bytesOf(path), 1, path);
  ASSERT_EQ(gray.pixels.size(), 64u);
  EXPECT_NEAR(gray.pixels[0], 0.299 * 40 + 0.587 * 160 + 0.114 * 220, 3);
}

TEST_F(Images, NamesTheFileThatIsNoImage) {
  EXPECT_EQ(decodeError({'G', 'I', 'F', '8', '9', 'a'}, "d/cats/x.jpg"),
            "d/cats/x.jpg: not a PNG or JPEG image");
  const std::string png = dir_.file("whole.png"), jpeg = dir_.file("whole.jpg");
  writePng(png, image(3, 1, 3, kRgb), PngLayout::Plain);
  writeJpeg(jpeg, image(3, 1, 3, kRgb), 90);
  std::vector<unsigned char> bytes = bytesOf(png);
  bytes.resize(bytes.size() / 2);
  EXPECT_EQ(decodeError(bytes, "half.png").rfind("half.png: cannot decode the PNG image: ", 0), 0u)
      << decodeError(bytes, "half.png");
  bytes = bytesOf(jpeg);
  bytes.resize(bytes.size() - 20);
  EXPECT_EQ(decodeError(bytes, "cut.jpg"),
            "cut.jpg: cannot decode the JPEG image: Premature end of JPEG file");
}

// TensorFlow samples output pixel o of a 2-pixel side at 4 pixels at (o + 0.5) / 2 - 0.5,
// clamped: the weights of the second input pixel are 0, 0.25, 0.75 and 1.
TEST(Resize, UpsamplesAtHalfPixelCentres) {
  const cnn::Image small{2, 2, 1, {0, 40, 80, 120}};
  std::vector<float> out(16);
  cnn::resizeBilinear(small, 4, 4, 1.0f, out.data());
  const float weight[] = {0.0f, 0.25f, 0.75f, 1.0f};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      EXPECT_FLOAT_EQ(out[y * 4 + x], 40.0f * weight[x] + 80.0f * weight[y]) << y << ", " << x;
}

// Halving samples at 0.5 and 2.5: each output pixel is the mean of a 2x2 block.
TEST(Resize, DownsamplesBetweenPixels) {
  cnn::Image large{4, 4, 2, {}};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      large.pixels.insert(large.pixels.end(), {static_cast<uint8_t>(10 * y + x), 200});
  std::vector<float> out(8);
  cnn::resizeBilinear(large, 2, 2, 1.0f, out.data());
  EXPECT_EQ(out, (std::vector<float>{5.5f, 200, 7.5f, 200, 25.5f, 200, 27.5f, 200}));
}

TEST(Resize, KeepsTheSizeExactlyAndDivides) {
  const cnn::Image same{1, 3, 1, {0, 51, 255}}; // height, width, channels
  std::vector<float> out(3);
  cnn::resizeBilinear(same, 1, 3, 255.0f, out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 51.0f / 255.0f, 1.0f}));
}

class ImageFolder : public ::testing::Test {
protected:
  std::string folder(const std::string &name) const { return dir_.file(name); }
  void png(const std::string &path) const {
    std::filesystem::create_directories(std::filesystem::path(folder(path)).parent_path());
    writePng(folder(path), image(1, 1, 3, {51, 102, 255}), PngLayout::Plain);
  }
  static std::string listError(const std::string &path) {
    try {
      cnn::listImageFolder(path);
    } catch (const cnn::UserError &error) {
      return error.what();
    }
    return "(no error)";
  }
  TempDir dir_;
};

TEST_F(ImageFolder, ListsClassesAndFilesInKerasOrder) {
  for (const char *path : {"d/dogs/b.png", "d/cats/2.png", "d/cats/10.PNG", "d/cats/sub/1.png",
                           "d/cats/x.jpeg", "d/cats/a-b/z.jpg"})
    png(path);
  writeFile(folder("d/cats/notes.txt"), "not an image");
  writeFile(folder("d/readme.png"), "beside the classes, not in one");
  const cnn::ImageFiles files = cnn::listImageFolder(folder("d"));
  EXPECT_EQ(files.classes, (std::vector<std::string>{"cats", "dogs"}));
  const std::string d = folder("d");
  EXPECT_EQ(files.paths, (std::vector<std::string>{d + "/cats/10.PNG", d + "/cats/2.png",
                                                   d + "/cats/x.jpeg", d + "/cats/a-b/z.jpg",
                                                   d + "/cats/sub/1.png", d + "/dogs/b.png"}));
  EXPECT_EQ(files.labels, (std::vector<int32_t>{0, 0, 0, 0, 0, 1}));
  // Each 1x1 image stretched to 2x1, divided by 255.
  const std::vector<float> pixels = cnn::readImages(files.paths, 2, 1, 3);
  std::vector<float> expected;
  for (int p = 0; p < 12; ++p)
    expected.insert(expected.end(), {51.0f / 255.0f, 102.0f / 255.0f, 1.0f});
  EXPECT_EQ(pixels, expected);
}

TEST_F(ImageFolder, RefusesFoldersWithoutClassesOrImages) {
  std::filesystem::create_directories(folder("empty"));
  EXPECT_EQ(listError(folder("empty")),
            folder("empty") + " holds no class sub-folders; an image folder holds one per class, "
                              "an IDX folder the files train-images-idx3-ubyte, ...");
  std::filesystem::create_directories(folder("bare/cats"));
  EXPECT_EQ(listError(folder("bare")),
            folder("bare") + " holds no .png, .jpg or .jpeg images in its class sub-folders");
  png("gif/cats/a.png");
  writeFile(folder("gif/cats/b.GIF"), "GIF89a");
  EXPECT_EQ(listError(folder("gif")),
            folder("gif/cats/b.GIF") +
                ": cnn reads PNG and JPEG images only (Keras also reads BMP and GIF)");
}

} // namespace
