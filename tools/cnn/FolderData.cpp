// Samples from an image folder, at the size and in the colours of the model's input.
#include "Data.h"

#include "ImageFolder.h"

namespace cnn {
namespace {

// The channels the images are decoded into: --color-mode's, else the model input's.
int imageChannels(const cnn_layer_info &input, const std::string &colorMode) {
  const std::string inputText =
      "the model's input '" + std::string(input.name) + "' " + formatLayerShape(input, "None");
  const int64_t channels = input.shape[3];
  if (colorMode.empty()) {
    if (channels != 1 && channels != 3)
      throw UserError(inputText + " has " + std::to_string(channels) +
                      " channels; an image folder gives 1 (grayscale) or 3 (rgb)");
    return static_cast<int>(channels);
  }
  const int wanted = colorMode == "rgb" ? 3 : 1;
  if (wanted != channels)
    throw UserError("--color-mode " + colorMode + " gives " + std::to_string(wanted) + " channel" +
                    (wanted == 1 ? "" : "s") + ", but " + inputText + " has " +
                    std::to_string(channels));
  return wanted;
}

// "'cats', 'dogs'"
std::string quotedList(const std::vector<std::string> &names) {
  std::string text;
  for (const std::string &name : names)
    text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

} // namespace

Dataset loadImageFolder(const ModelLibrary &library, const DataSource &source) {
  checkOneInput(library, "an image folder");
  const cnn_layer_info input = library.layerInfo(cnn_input_layer(library.model(), 0));
  if (input.rank != 4)
    throw UserError("an image folder gives images (N, H, W, C), but the model's input '" +
                    std::string(input.name) + "' is " + formatLayerShape(input, "None"));
  const int channels = imageChannels(input, source.colorMode);
  if (!source.imageSize.empty() &&
      (source.imageSize[0] != input.shape[1] || source.imageSize[1] != input.shape[2]))
    throw UserError("--image-size " + std::to_string(source.imageSize[0]) + " " +
                    std::to_string(source.imageSize[1]) + " does not match the model's input '" +
                    input.name + "' " + formatLayerShape(input, "None"));
  const int64_t classes = classCount(library);

  ImageFiles files = listImageFolder(source.data);
  if (static_cast<int64_t>(files.classes.size()) > classes)
    throw UserError(source.data + " has " + std::to_string(files.classes.size()) +
                    " class sub-folders (" + quotedList(files.classes) + "), but the model has " +
                    std::to_string(classes) + " classes");
  const int64_t count = static_cast<int64_t>(files.paths.size());
  std::vector<std::vector<float>> inputs;
  inputs.push_back(readImages(files.paths, input.shape[1], input.shape[2], channels));
  std::vector<OutputTargets> targets(static_cast<size_t>(cnn_num_outputs(library.model())));
  targets[0].labels = std::move(files.labels);
  return Dataset({source.data, "images", std::move(files.classes), true}, std::move(inputs),
                 std::move(targets), count);
}

} // namespace cnn
