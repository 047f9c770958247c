// Loading a split of an IDX data set: Debian's Fashion-MNIST or a folder of IDX files.
#include "Dataset.h"

#include "Errors.h"
#include "Idx.h"

#include <filesystem>

namespace cnnrt {
namespace {

const char *const kFashionMnist = "fashion-mnist";
const char *const kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

// `folder`/`name`, or `folder`/`name`.gz when only that one exists.
std::string findIdxFile(const std::string &source, const std::filesystem::path &folder,
                        const std::string &name) {
  for (const std::string &candidate : {name, name + ".gz"}) {
    const std::filesystem::path path = folder / candidate;
    if (std::filesystem::exists(path))
      return path.string();
  }
  std::string message = "cannot find " + name + " or " + name + ".gz in " + folder.string();
  if (source == kFashionMnist)
    message += "; install Debian's dataset-fashion-mnist";
  throw Error(CNN_ERROR_IO, message);
}

} // namespace

std::unique_ptr<cnn_dataset> loadDataset(const std::string &source, const std::string &split) {
  if (split != "train" && split != "test")
    throw Error(CNN_ERROR_ARGUMENT,
                "unknown split '" + split + "' (a data set has 'train' and 'test')");
  const std::filesystem::path folder = source == kFashionMnist ? kFashionMnistFolder : source;
  if (source != kFashionMnist && !std::filesystem::is_directory(folder))
    throw Error(CNN_ERROR_IO, "data set '" + source + "' is neither " + kFashionMnist +
                                  " nor a folder of IDX files");
  const std::string prefix = split == "train" ? "train" : "t10k";
  const std::string imagesPath = findIdxFile(source, folder, prefix + "-images-idx3-ubyte");
  const std::string labelsPath = findIdxFile(source, folder, prefix + "-labels-idx1-ubyte");
  const IdxArray images = readIdxImages(imagesPath);
  const IdxArray labels = readIdxLabels(labelsPath);
  if (images.shape[0] != labels.shape[0])
    throw Error(CNN_ERROR_FORMAT, imagesPath + " holds " + std::to_string(images.shape[0]) +
                                      " images but " + labelsPath + " holds " +
                                      std::to_string(labels.shape[0]) + " labels");

  auto dataset = std::make_unique<cnn_dataset>();
  dataset->shape[0] = images.shape[0];
  dataset->shape[1] = images.shape[1];
  dataset->shape[2] = images.shape[2];
  dataset->shape[3] = 1;
  dataset->images.reserve(images.data.size());
  for (uint8_t pixel : images.data)
    dataset->images.push_back(static_cast<float>(pixel) / 255.0f);
  dataset->labels.assign(labels.data.begin(), labels.data.end());
  return dataset;
}

} // namespace cnnrt
