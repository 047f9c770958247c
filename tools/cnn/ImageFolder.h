// A folder of images, one sub-folder per class, read as Keras's image_dataset_from_directory
// reads it (labels='inferred', shuffle=False), but with pixels scaled to [0, 1].
#ifndef CNN_TOOL_IMAGE_FOLDER_H
#define CNN_TOOL_IMAGE_FOLDER_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

// The images of an image folder, in order, with their labels.
struct ImageFiles {
  std::vector<std::string> classes; // the sub-folders' names, sorted; label c is classes[c]
  std::vector<std::string> paths;
  std::vector<int32_t> labels;
};

// The .png, .jpg and .jpeg files (any case) of each class sub-folder and of the folders inside
// it, class by class, each class's folders and files in name order; other files are skipped,
// BMP and GIF ones refused. Throws UserError naming the folder or the file.
ImageFiles listImageFolder(const std::string &folder);

// Every image decoded into `channels` (1: grayscale, 3: RGB), resized to height x width
// bilinearly and divided by 255: count x height x width x channels floats. Throws UserError
// naming the file.
std::vector<float> readImages(const std::vector<std::string> &paths, int64_t height, int64_t width,
                              int channels);

} // namespace cnn

#endif // CNN_TOOL_IMAGE_FOLDER_H
