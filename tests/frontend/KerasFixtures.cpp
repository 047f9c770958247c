// Writing the small Keras files the importer tests read.
#include "KerasFixtures.h"

#include <zip.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

namespace cnnc::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cnnc-keras-XXXXXX").string();
  dir = mkdtemp(pattern.data());
}

TempDir::~TempDir() { std::filesystem::remove_all(dir); }

void writeHdf5(const std::string &path, const std::vector<DatasetSpec> &datasets,
               const std::map<std::string, std::string> &rootAttributes, bool utf8) {
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0) << path;
  hid_t links = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(links, 1);
  for (const DatasetSpec &spec : datasets) {
    hid_t space = H5Screate_simple(static_cast<int>(spec.shape.size()), spec.shape.data(), nullptr);
    hsize_t count =
        std::accumulate(spec.shape.begin(), spec.shape.end(), hsize_t(1), std::multiplies<>());
    hid_t type = spec.integers ? H5T_NATIVE_INT32 : H5T_NATIVE_FLOAT;
    hid_t dataset =
        H5Dcreate2(file, spec.path.c_str(), type, space, links, H5P_DEFAULT, H5P_DEFAULT);
    if (spec.declaredOnly) {
      H5Dclose(dataset);
      H5Sclose(space);
      continue;
    }
    std::vector<float> floats(count);
    std::iota(floats.begin(), floats.end(), 0.0f);
    std::vector<int32_t> integers(floats.begin(), floats.end());
    H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
             spec.integers ? static_cast<void *>(integers.data()) : floats.data());
    H5Dclose(dataset);
    H5Sclose(space);
  }
  for (const auto &[name, value] : rootAttributes) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    if (utf8)
      H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char *text = value.c_str();
    H5Awrite(attribute, type, &text);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
  }
  H5Pclose(links);
  H5Fclose(file);
}

void addStringListAttribute(const std::string &path, const std::string &group, const char *name,
                            const std::vector<std::string> &values) {
  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t object = H5Oopen(file, group.c_str(), H5P_DEFAULT);
  ASSERT_GE(object, 0) << group;
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  hsize_t count = values.size();
  hid_t space = H5Screate_simple(1, &count, nullptr);
  hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  std::vector<const char *> texts;
  for (const std::string &value : values)
    texts.push_back(value.c_str());
  H5Awrite(attribute, type, texts.data());
  H5Aclose(attribute);
  H5Sclose(space);
  H5Tclose(type);
  H5Oclose(object);
  H5Fclose(file);
}

void writeZip(const std::string &path, const std::map<std::string, std::string> &members) {
  int error = 0;
  zip_t *archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr) << path;
  for (const auto &[name, bytes] : members) {
    zip_source_t *source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE), 0) << name;
  }
  ASSERT_EQ(zip_close(archive), 0) << path;
}

std::string readFile(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

nlohmann::json tinyConfig() {
  return nlohmann::json::parse(R"({
    "class_name": "Sequential",
    "config": {"name": "tiny", "layers": [
      {"class_name": "InputLayer", "config": {"name": "input_layer", "batch_shape": [null, 4, 4, 1]}},
      {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 2, "kernel_size": [3, 3],
        "strides": [1, 1], "padding": "same", "data_format": "channels_last",
        "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true}},
      {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
      {"class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "softmax",
        "use_bias": true}}
    ]}})");
}

nlohmann::json tinyKeras2Config() {
  nlohmann::json config = tinyConfig();
  nlohmann::json &layers = config["config"]["layers"];
  layers.erase(layers.begin());
  layers[0]["config"]["batch_input_shape"] = nlohmann::json::parse("[null, 4, 4, 1]");
  return config;
}

void writeKeras2(const std::string &path, bool utf8) {
  writeHdf5(path,
            {{"model_weights/conv2d/conv2d/kernel:0", {3, 3, 1, 2}},
             {"model_weights/conv2d/conv2d/bias:0", {2}},
             {"model_weights/dense/dense/kernel:0", {32, 3}},
             {"model_weights/dense/dense/bias:0", {3}}},
            {{"model_config", tinyKeras2Config().dump()}}, utf8);
}

std::vector<DatasetSpec> tinyKeras3Weights() {
  return {{"layers/conv2d/vars/0", {3, 3, 1, 2}},
          {"layers/conv2d/vars/1", {2}},
          {"layers/dense/vars/0", {32, 3}},
          {"layers/dense/vars/1", {3}}};
}

void writeKeras3(const std::string &path, const nlohmann::json &config,
                 const std::vector<DatasetSpec> &weights) {
  std::string weightsPath = path + ".weights.h5";
  writeHdf5(weightsPath, weights);
  writeZip(path, {{"config.json", config.dump()}, {"model.weights.h5", readFile(weightsPath)}});
}

} // namespace cnnc::test
