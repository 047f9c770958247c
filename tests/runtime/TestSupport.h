// Helpers shared by the runtime tests: models, parameters, test data, temporary files.
#ifndef CNN_TESTS_RUNTIME_TEST_SUPPORT_H
#define CNN_TESTS_RUNTIME_TEST_SUPPORT_H

#include "cnn/model_desc.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct ModelDeleter {
  void operator()(cnn_model *model) const { cnn_destroy(model); }
};
using ModelPtr = std::unique_ptr<cnn_model, ModelDeleter>;

// The tiny model, through cnn_create.
ModelPtr createTinyModel();
// Any descriptor, through the runtime's C++ side.
ModelPtr createModel(const cnn_model_desc &desc);

std::vector<float> getParam(const cnn_model *model, const char *name);
void setParam(cnn_model *model, const char *name, const std::vector<float> &values);
// Every parameter's values, in the model's order.
std::vector<std::vector<float>> allParams(const cnn_model *model);

// count values start, start + step, ... wrapped into [-2, 2).
std::vector<float> ramp(size_t count, float start, float step);

// A fresh directory, removed with everything in it.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  std::string file(const std::string &name) const { return (path_ / name).string(); }
  std::vector<std::string> entries() const;

private:
  std::filesystem::path path_;
};

// A .npy file with the given format version, header dict and data bytes, laid out as NumPy does.
std::string npyBytes(int major, const std::string &dict, const std::string &data);

std::string readFile(const std::string &path);
void writeFile(const std::string &path, const std::string &bytes);
void writeGzipFile(const std::string &path, const std::string &bytes);

// An IDX file of unsigned bytes: magic 0x0000080<rank>, the big-endian extents, then `data`.
std::string idxBytes(const std::vector<uint32_t> &shape, const std::string &data);
// Writes <prefix>-images-idx3-ubyte and <prefix>-labels-idx1-ubyte into `dir`, gzipped and named
// *.gz when `gzip` is set; the images are `pixels.size() / (rows * cols)` of rows x cols.
void writeIdxSplit(const TempDir &dir, const std::string &prefix, uint32_t rows, uint32_t cols,
                   const std::string &pixels, const std::string &labels, bool gzip);

#endif // CNN_TESTS_RUNTIME_TEST_SUPPORT_H
