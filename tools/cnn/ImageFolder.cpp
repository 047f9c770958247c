// Listing an image folder in Keras's order, then decoding and resizing every image.
#include "ImageFolder.h"

#include "Image.h"
#include "UserError.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace cnn {
namespace {

namespace fs = std::filesystem;

std::string lowercaseExtension(const fs::path &path) {
  std::string extension = path.extension().string();
  for (char &c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

// The class's images in Keras's order: the folders (the class's own, then those below it)
// sorted by path, and in each its files sorted by name.
std::vector<fs::path> classImages(const fs::path &classFolder) {
  std::vector<fs::path> folders{classFolder};
  for (const fs::directory_entry &entry : fs::recursive_directory_iterator(classFolder))
    if (entry.is_directory())
      folders.push_back(entry.path());
  std::sort(folders.begin(), folders.end(),
            [](const fs::path &a, const fs::path &b) { return a.string() < b.string(); });
  std::vector<fs::path> images;
  for (const fs::path &folder : folders) {
    std::vector<fs::path> files;
    for (const fs::directory_entry &entry : fs::directory_iterator(folder)) {
      const std::string extension = lowercaseExtension(entry.path());
      if (!entry.is_regular_file())
        continue;
      if (extension == ".bmp" || extension == ".gif")
        throw UserError(entry.path().string() +
                        ": cnn reads PNG and JPEG images only (Keras also reads BMP and GIF)");
      if (extension == ".png" || extension == ".jpg" || extension == ".jpeg")
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    images.insert(images.end(), files.begin(), files.end());
  }
  return images;
}

std::vector<unsigned char> readBytes(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError("cannot open " + path.string());
  std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>()};
  if (in.bad())
    throw UserError("cannot read " + path.string());
  return bytes;
}

} // namespace

ImageFiles listImageFolder(const std::string &folder) {
  ImageFiles result;
  try {
    std::vector<fs::path> classFolders;
    for (const fs::directory_entry &entry : fs::directory_iterator(folder))
      if (entry.is_directory())
        classFolders.push_back(entry.path());
    std::sort(classFolders.begin(), classFolders.end());
    if (classFolders.empty())
      throw UserError(folder + " holds no class sub-folders; an image folder holds one per "
                               "class, an IDX folder the files train-images-idx3-ubyte, ...");
    for (const fs::path &classFolder : classFolders) {
      const int32_t label = static_cast<int32_t>(result.classes.size());
      result.classes.push_back(classFolder.filename().string());
      for (const fs::path &path : classImages(classFolder)) {
        result.paths.push_back(path.string());
        result.labels.push_back(label);
      }
    }
  } catch (const fs::filesystem_error &error) {
    throw UserError("cannot read " + error.path1().string() + ": " + error.code().message());
  }
  if (result.paths.empty())
    throw UserError(folder + " holds no .png, .jpg or .jpeg images in its class sub-folders");
  return result;
}

std::vector<float> readImages(const std::vector<std::string> &paths, int64_t height, int64_t width,
                              int channels) {
  const size_t imageSize = static_cast<size_t>(height * width * channels);
  std::vector<float> images(paths.size() * imageSize);
  for (size_t i = 0; i < paths.size(); ++i)
    resizeBilinear(decodeImage(readBytes(paths[i]), channels, paths[i]), height, width, 255.0f,
                   images.data() + i * imageSize);
  return images;
}

} // namespace cnn
