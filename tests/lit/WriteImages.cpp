// write-images FOLDER PER_CLASS SEED: an image folder of three classes told apart by their
// dominant colour, FOLDER/{blue,green,red}/, PER_CLASS images each of 12 to 24 pixels a side.
// The images cycle through the layouts the reader converts: RGB PNG, JPEG, RGBA PNG, 16-bit
// PNG and palette PNG (named .PNG); every seventh goes into a sub-folder extra/, and each class
// folder also holds a notes.txt that is no image.
#include "ImageWriter.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>

namespace {

TestImage colouredImage(std::mt19937 &random, int dominant, int channels, bool coarse) {
  std::uniform_int_distribution<int> side(12, 24), noise(0, 120);
  TestImage image;
  image.width = side(random);
  image.height = side(random);
  image.channels = channels;
  for (int p = 0; p < image.width * image.height; ++p)
    for (int c = 0; c < channels; ++c) {
      int value = c == 3 ? 255 - noise(random) : noise(random) + (c == dominant ? 120 : 0);
      if (coarse) // few enough colours for a palette
        value -= value % 60;
      image.pixels.push_back(static_cast<uint8_t>(value));
    }
  return image;
}

void writeClass(const std::filesystem::path &folder, int dominant, int count,
                std::mt19937 &random) {
  std::filesystem::create_directories(folder / "extra");
  std::ofstream(folder / "notes.txt") << "not an image\n";
  for (int i = 0; i < count; ++i) {
    char name[32];
    const int layout = i % 5;
    static const char *const kExtensions[] = {".png", ".jpg", ".png", ".png", ".PNG"};
    std::snprintf(name, sizeof name, "%04d%s", i, kExtensions[layout]);
    const std::string path = (i % 7 == 6 ? folder / "extra" / name : folder / name).string();
    const TestImage image = colouredImage(random, dominant, layout == 2 ? 4 : 3, layout == 4);
    if (layout == 1)
      writeJpeg(path, image, 90);
    else
      writePng(path, image,
               layout == 3   ? PngLayout::Deep
               : layout == 4 ? PngLayout::Palette
                             : PngLayout::Plain);
  }
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: write-images FOLDER PER_CLASS SEED\n");
    return 2;
  }
  try {
    std::mt19937 random(static_cast<unsigned>(std::atoi(argv[3])));
    const std::filesystem::path folder = argv[1];
    const int count = std::atoi(argv[2]);
    writeClass(folder / "red", 0, count, random);
    writeClass(folder / "green", 1, count, random);
    writeClass(folder / "blue", 2, count, random);
  } catch (const std::exception &error) {
    std::fprintf(stderr, "write-images: %s\n", error.what());
    return 1;
  }
  return 0;
}
