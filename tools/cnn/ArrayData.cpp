// Samples from NumPy arrays: .npy files named by --x and --y, or the arrays of an .npz file.
#include "Data.h"

#include "Npz.h"
#include "Targets.h"

namespace cnn {
namespace {

// The samples of `xs`, one array per model input, with the targets `ys`, one array per model
// output (or none).
Dataset fromArrays(const ModelLibrary &library, std::vector<npy::StoredArray> xs,
                   const std::vector<npy::StoredArray> &ys) {
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
  std::vector<OutputTargets> targets;
  for (size_t o = 0; o < ys.size(); ++o)
    targets.push_back(readTargets(library, static_cast<int>(o), ys[o], count));
  return Dataset({xs[0].name, "samples", {}, false}, std::move(inputs), std::move(targets), count);
}

// "'left', 'right'"
std::string inputNames(const ModelLibrary &library) {
  std::string text;
  for (int i = 0; i < cnn_num_inputs(library.model()); ++i)
    text += (i ? ", '" : "'") +
            std::string(library.layerInfo(cnn_input_layer(library.model(), i)).name) + "'";
  return text;
}

// "model 'm' has 2 inputs ('a', 'b'), one .npy array each; got 1"
std::string arrayCount(const ModelLibrary &library, int wanted, const char *kind,
                       const std::string &names, size_t got) {
  return "model '" + std::string(cnn_model_name(library.model())) + "' has " +
         std::to_string(wanted) + " " + kind + (wanted == 1 ? "" : "s") + " (" + names +
         "), one .npy array each; got " + std::to_string(got);
}

// The arrays named after the model's inputs or outputs in `npz`, or `single` ("x", "y") for a
// model of one; throws UserError naming the missing one.
std::vector<npy::StoredArray> namedArrays(const ModelLibrary &library, const npy::NpzFile &npz,
                                          const std::string &path, bool outputs) {
  cnn_model *model = library.model();
  const int count = outputs ? cnn_num_outputs(model) : cnn_num_inputs(model);
  const char *single = outputs ? "y" : "x";
  std::vector<npy::StoredArray> arrays;
  for (int i = 0; i < count; ++i) {
    const std::string name =
        library.layerInfo(outputs ? cnn_output_layer(model, i) : cnn_input_layer(model, i)).name;
    if (count == 1 && npz.has(single))
      arrays.push_back(npz.read(single));
    else if (npz.has(name))
      arrays.push_back(npz.read(name));
    else
      throw UserError(path + " holds no array " +
                      (count == 1 ? "'" + std::string(single) + "' or '" : std::string("'")) +
                      name + "' for the model's " + (outputs ? "output" : "input") + " '" + name +
                      "' (it holds " + npz.listNames() + ")");
  }
  return arrays;
}

} // namespace

Dataset loadArrays(const ModelLibrary &library, const DataSource &source, Labels labels) {
  const int inputs = cnn_num_inputs(library.model());
  if (static_cast<int>(source.x.size()) != inputs)
    throw UserError(arrayCount(library, inputs, "input", inputNames(library), source.x.size()));
  std::vector<npy::StoredArray> xs;
  for (const std::string &path : source.x)
    xs.push_back(npy::readStored(path));
  if (source.y.empty() && labels == Labels::Optional)
    return fromArrays(library, std::move(xs), {});
  const int outputs = cnn_num_outputs(library.model());
  if (static_cast<int>(source.y.size()) != outputs)
    throw UserError(arrayCount(library, outputs, "output", outputNames(library), source.y.size()) +
                    " (--y)");
  std::vector<npy::StoredArray> ys;
  for (const std::string &path : source.y)
    ys.push_back(npy::readStored(path));
  return fromArrays(library, std::move(xs), ys);
}

Dataset loadNpz(const ModelLibrary &library, const std::string &path, Labels labels) {
  const npy::NpzFile npz(path);
  // np.savez(F, x=..., y=...) for a model of one input and one output; arrays named after the
  // inputs and outputs, as Keras's fit() takes dicts, for any model.
  std::vector<npy::StoredArray> xs = namedArrays(library, npz, path, false);
  const bool anyTargets = npz.has("y") || [&] {
    for (int o = 0; o < cnn_num_outputs(library.model()); ++o)
      if (npz.has(library.layerInfo(cnn_output_layer(library.model(), o)).name))
        return true;
    return false;
  }();
  if (!anyTargets && labels == Labels::Optional)
    return fromArrays(library, std::move(xs), {});
  return fromArrays(library, std::move(xs), namedArrays(library, npz, path, true));
}

} // namespace cnn
