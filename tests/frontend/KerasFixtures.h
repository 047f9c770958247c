// Test helper: writes small Keras files (zip archives with libzip, HDF5 files with its C API).
#ifndef CNNC_TESTS_FRONTEND_KERASFIXTURES_H
#define CNNC_TESTS_FRONTEND_KERASFIXTURES_H

#include <nlohmann/json.hpp>

#include <hdf5.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cnnc::test {

/// A dataset to write: float32 values 0, 1, 2, ... unless `integers` is set.
struct DatasetSpec {
  std::string path;
  std::vector<hsize_t> shape;
  bool integers = false;
  bool declaredOnly = false; // the dataset's shape alone, no data written (none stored)
};

/// A fresh empty directory for one test's files, removed with the object.
class TempDir {
public:
  TempDir();
  ~TempDir();
  std::string path(const std::string &name) const { return dir + "/" + name; }

private:
  std::string dir;
};

/// An HDF5 file with `datasets` and string attributes on its root group, ASCII as Keras 2 writes
/// them or, with `utf8`, UTF-8 as h5py writes a Python str.
void writeHdf5(const std::string &path, const std::vector<DatasetSpec> &datasets,
               const std::map<std::string, std::string> &rootAttributes = {}, bool utf8 = false);

/// Attaches a list-of-strings attribute to the group at `group`, as Keras 2's weight_names.
void addStringListAttribute(const std::string &path, const std::string &group, const char *name,
                            const std::vector<std::string> &values);

/// A zip archive holding `members` (name -> bytes).
void writeZip(const std::string &path, const std::map<std::string, std::string> &members);

std::string readFile(const std::string &path);
void writeFile(const std::string &path, const std::string &bytes);

/// The model in tests: Input(4, 4, 1) -> Conv2D(2, 3, relu, same) -> Flatten -> Dense(3,
/// softmax), in Keras 3's config.json form.
nlohmann::json tinyConfig();

/// The tiny model as Keras 2 configures it: no InputLayer, the input shape on the first layer.
nlohmann::json tinyKeras2Config();

/// A Keras 2 .h5 file of tinyKeras2Config() and its weights; its model_config attribute is ASCII
/// as Keras 2 writes it or, with `utf8`, UTF-8 as h5py writes a Python str.
void writeKeras2(const std::string &path, bool utf8 = false);

/// The datasets of tinyConfig()'s weights in a Keras 3 model.weights.h5.
std::vector<DatasetSpec> tinyKeras3Weights();

/// A .keras archive of `config` and a model.weights.h5 with `weights`.
void writeKeras3(const std::string &path, const nlohmann::json &config,
                 const std::vector<DatasetSpec> &weights);

} // namespace cnnc::test

#endif // CNNC_TESTS_FRONTEND_KERASFIXTURES_H
