// Samples from NumPy arrays: .npy files named by --x and --y, or the arrays of an .npz file.
#include "Data.h"

#include "Labels.h"
#include "Npz.h"

namespace cnn {
namespace {

// The samples of `xs`, one array per model input, with the labels `y` (or none).
Dataset fromArrays(const ModelLibrary &library, std::vector<npy::StoredArray> xs,
                   const npy::StoredArray *y) {
  const int64_t count = xs[0].shape.empty() ? 0 : xs[0].shape[0];
  std::vector<std::vector<float>> inputs;
  for (size_t i = 0; i < xs.size(); ++i) {
    checkInputShape(library, static_cast<int>(i), xs[i].shape, xs[i].name);
    if (xs[i].shape[0] != count)
      throw UserError(xs[i].name + " holds " + std::to_string(xs[i].shape[0]) + " samples, " +
                      xs[0].name + " holds " + std::to_string(count));
    inputs.push_back(npy::toFloat32(xs[i]));
    std::vector<char>().swap(xs[i].bytes); // one copy of each array at a time, not two
  }
  if (count == 0)
    throw UserError(xs[0].name + " holds no samples");
  std::vector<int32_t> labels;
  if (y)
    labels = readLabels(*y, count, classCount(library));
  return Dataset({xs[0].name, "samples", {}, false}, std::move(inputs), std::move(labels), count);
}

// "'left', 'right'"
std::string inputNames(const ModelLibrary &library) {
  std::string text;
  for (int i = 0; i < cnn_num_inputs(library.model()); ++i)
    text += (i ? ", '" : "'") +
            std::string(library.layerInfo(cnn_input_layer(library.model(), i)).name) + "'";
  return text;
}

} // namespace

Dataset loadArrays(const ModelLibrary &library, const DataSource &source, Labels labels) {
  const int inputs = cnn_num_inputs(library.model());
  if (static_cast<int>(source.x.size()) != inputs)
    throw UserError("model '" + std::string(cnn_model_name(library.model())) + "' has " +
                    std::to_string(inputs) + " input" + (inputs == 1 ? "" : "s") + " (" +
                    inputNames(library) + "), one .npy array each; got " +
                    std::to_string(source.x.size()));
  std::vector<npy::StoredArray> xs;
  for (const std::string &path : source.x)
    xs.push_back(npy::readStored(path));
  if (source.y.empty() && labels == Labels::Optional)
    return fromArrays(library, std::move(xs), nullptr);
  const npy::StoredArray y = npy::readStored(source.y);
  return fromArrays(library, std::move(xs), &y);
}

Dataset loadNpz(const ModelLibrary &library, const std::string &path, Labels labels) {
  const npy::NpzFile npz(path);
  // np.savez(F, x=..., y=...) for a model of one input; arrays named after the inputs, as
  // Keras's fit() takes a dict, for any model.
  std::vector<npy::StoredArray> xs;
  const int inputs = cnn_num_inputs(library.model());
  for (int i = 0; i < inputs; ++i) {
    const std::string name = library.layerInfo(cnn_input_layer(library.model(), i)).name;
    if (inputs == 1 && npz.has("x"))
      xs.push_back(npz.read("x"));
    else if (npz.has(name))
      xs.push_back(npz.read(name));
    else
      throw UserError(path + " holds no array " + (inputs == 1 ? "'x' or '" : "'") + name +
                      "' for the model's input '" + name + "' (it holds " + npz.listNames() + ")");
  }
  if (!npz.has("y") && labels == Labels::Optional)
    return fromArrays(library, std::move(xs), nullptr);
  if (!npz.has("y"))
    throw UserError(path + " holds no array 'y', the labels (it holds " + npz.listNames() + ")");
  const npy::StoredArray y = npz.read("y");
  return fromArrays(library, std::move(xs), &y);
}

} // namespace cnn
