// The runtime tests' helpers.
#include "TestSupport.h"

#include "Model.h"
#include "TestModels.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

ModelPtr createTinyModel() {
  cnn_model *model = nullptr;
  EXPECT_EQ(cnn_create(&tinyModel(), &model), CNN_OK) << cnn_last_error();
  return ModelPtr(model);
}

ModelPtr createModel(const cnn_model_desc &desc) { return ModelPtr(new cnn_model(desc)); }

std::vector<float> getParam(const cnn_model *model, const char *name) {
  std::vector<float> values(model->params()[model->findParam(name)].data.size());
  EXPECT_EQ(cnn_get_param(model, name, values.data(), values.size()), CNN_OK) << cnn_last_error();
  return values;
}

void setParam(cnn_model *model, const char *name, const std::vector<float> &values) {
  EXPECT_EQ(cnn_set_param(model, name, values.data(), values.size()), CNN_OK) << cnn_last_error();
}

std::vector<std::vector<float>> allParams(const cnn_model *model) {
  std::vector<std::vector<float>> values;
  for (int p = 0; p < cnn_num_params(model); ++p) {
    cnn_tensor_info info;
    EXPECT_EQ(cnn_param_info(model, p, &info), CNN_OK);
    values.push_back(getParam(model, info.name));
  }
  return values;
}

std::vector<float> ramp(size_t count, float start, float step) {
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i)
    values[i] = std::fmod(start + step * static_cast<float>(i) + 2.0f, 4.0f) - 2.0f;
  return values;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cnnrt-test-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() { std::filesystem::remove_all(path_); }

std::vector<std::string> TempDir::entries() const {
  std::vector<std::string> names;
  for (const auto &entry : std::filesystem::directory_iterator(path_))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void writeGzipFile(const std::string &path, const std::string &bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr) << path;
  EXPECT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  EXPECT_EQ(gzclose(file), Z_OK);
}

std::string idxBytes(const std::vector<uint32_t> &shape, const std::string &data) {
  std::string bytes = {'\0', '\0', '\x08', static_cast<char>(shape.size())};
  for (uint32_t extent : shape)
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes += static_cast<char>((extent >> shift) & 0xff);
  return bytes + data;
}

void writeIdxSplit(const TempDir &dir, const std::string &prefix, uint32_t rows, uint32_t cols,
                   const std::string &pixels, const std::string &labels, bool gzip) {
  const uint32_t count = static_cast<uint32_t>(pixels.size() / (rows * cols));
  const std::string suffix = gzip ? ".gz" : "";
  const auto write = gzip ? writeGzipFile : writeFile;
  write(dir.file(prefix + "-images-idx3-ubyte" + suffix), idxBytes({count, rows, cols}, pixels));
  write(dir.file(prefix + "-labels-idx1-ubyte" + suffix),
        idxBytes({static_cast<uint32_t>(labels.size())}, labels));
}

std::string npyBytes(int major, const std::string &dict, const std::string &data) {
  const size_t lengthBytes = major == 1 ? 2 : 4;
  std::string header = dict;
  header.append(64 - (8 + lengthBytes + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY") + static_cast<char>(major) + '\0';
  for (size_t i = 0; i < lengthBytes; ++i)
    bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return bytes + header + data;
}
