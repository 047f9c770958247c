// Saving and loading weights as safetensors, and every way a weights file can be wrong.
#include "Safetensors.h"
#include "TestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <functional>

namespace {

// The length prefix, the header text and a zero-filled data section.
std::string safetensorsBytes(const std::string &header, size_t dataBytes) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return bytes + header + std::string(dataBytes, '\0');
}

// A correct header for the tiny model; the cases below break one thing in it.
nlohmann::json tinyHeader() {
  nlohmann::json header = {{"__metadata__", {{"format", "cnnc"}}}};
  size_t offset = 0;
  const std::pair<const char *, std::vector<int64_t>> tensors[] = {{"scale.kernel", {2, 3, 4}},
                                                                   {"scale.bias", {4}},
                                                                   {"dense.kernel", {24, 3}},
                                                                   {"dense.bias", {3}}};
  for (const auto &[name, shape] : tensors) {
    int64_t count = 1;
    for (int64_t extent : shape)
      count *= extent;
    const size_t end = offset + 4 * static_cast<size_t>(count);
    header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, end}}};
    offset = end;
  }
  return header;
}
constexpr size_t kTinyDataBytes = 4 * (24 + 4 + 72 + 3);

class Safetensors : public ::testing::Test {
protected:
  void SetUp() override {
    model_ = createTinyModel();
    ASSERT_EQ(cnn_init_params(model_.get(), 11), CNN_OK);
  }
  TempDir dir_;
  ModelPtr model_;
};

TEST_F(Safetensors, SaveThenLoadRoundTrips) {
  const std::string path = dir_.file("w.safetensors");
  ASSERT_EQ(cnn_save_weights(model_.get(), path.c_str()), CNN_OK) << cnn_last_error();
  ModelPtr loaded = createTinyModel();
  ASSERT_EQ(cnn_load_weights(loaded.get(), path.c_str()), CNN_OK) << cnn_last_error();
  EXPECT_EQ(allParams(loaded.get()), allParams(model_.get()));
}

TEST_F(Safetensors, WritesTheDocumentedLayout) {
  const std::string path = dir_.file("w.safetensors");
  ASSERT_EQ(cnn_save_weights(model_.get(), path.c_str()), CNN_OK) << cnn_last_error();
  const std::string bytes = readFile(path);
  uint64_t length = 0;
  for (int i = 0; i < 8; ++i)
    length |= uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * i);
  ASSERT_EQ(bytes.size(), 8 + length + kTinyDataBytes);
  const nlohmann::json header = nlohmann::json::parse(bytes.substr(8, length));
  EXPECT_EQ(header["__metadata__"]["format"], "cnnc");
  const nlohmann::json &bias = header["dense.bias"];
  EXPECT_EQ(bias["dtype"], "F32");
  EXPECT_EQ(bias["shape"], nlohmann::json::array({3}));
  const size_t begin = bias["data_offsets"][0];
  std::vector<float> stored(3);
  std::memcpy(stored.data(), bytes.data() + 8 + length + begin, 12);
  EXPECT_EQ(stored, getParam(model_.get(), "dense.bias"));
}

TEST_F(Safetensors, MetadataRoundTrips) {
  const std::string path = dir_.file("m.safetensors");
  const float values[] = {1.0f, 2.0f};
  const cnnrt::safetensors::Metadata metadata = {{"format", "test"}, {"rows", "a,b\n1,2\n"}};
  cnnrt::safetensors::write(path, {{"x", {2}, values}}, metadata);
  const cnnrt::safetensors::File file = cnnrt::safetensors::read(path);
  EXPECT_EQ(file.metadata, metadata);
  EXPECT_EQ(file.path, path);
  ASSERT_EQ(file.tensors.size(), 1u);
  EXPECT_EQ(file.find("x"), &file.tensors[0]);
  EXPECT_EQ(file.find("y"), nullptr);
}

TEST_F(Safetensors, SaveLeavesNoTemporaryFile) {
  const std::string path = dir_.file("w.safetensors");
  ASSERT_EQ(cnn_save_weights(model_.get(), path.c_str()), CNN_OK);
  ASSERT_EQ(cnn_save_weights(model_.get(), path.c_str()), CNN_OK);
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"w.safetensors"});
}

TEST_F(Safetensors, SaveIntoAMissingDirectoryIsAnIoError) {
  const std::string path = dir_.file("missing/w.safetensors");
  EXPECT_EQ(cnn_save_weights(model_.get(), path.c_str()), CNN_ERROR_IO);
  EXPECT_EQ(std::string(cnn_last_error()),
            "cannot write weights file " + path + ": No such file or directory");
}

TEST_F(Safetensors, LoadingAMissingFileIsAnIoError) {
  const std::string path = dir_.file("none.safetensors");
  EXPECT_EQ(cnn_load_weights(model_.get(), path.c_str()), CNN_ERROR_IO);
  EXPECT_EQ(std::string(cnn_last_error()),
            "cannot read weights file " + path + ": No such file or directory");
}

struct BadFile {
  const char *name;
  std::string bytes;
  const char *message; // what the error says after "weights file <path>"
};

std::string withHeader(const std::function<void(nlohmann::json &)> &edit) {
  nlohmann::json header = tinyHeader();
  edit(header);
  return safetensorsBytes(header.dump(), kTinyDataBytes);
}

std::vector<BadFile> badFiles() {
  std::string pastTheEnd = safetensorsBytes("{}", 0);
  pastTheEnd[0] = 100;
  return {
      {"TooShort", "abc", ": the file is too short to be safetensors (3 bytes)"},
      {"HeaderPastTheEnd", pastTheEnd,
       ": the header length 100 goes past the end of the file (10 bytes)"},
      {"InvalidJson", safetensorsBytes("{\"scale.kernel\": [", 0),
       ": the header is not valid JSON"},
      {"NotAnObject", safetensorsBytes("[1, 2]", 0), ": the header is not a JSON object"},
      {"MissingTensor", withHeader([](nlohmann::json &h) { h.erase("dense.bias"); }),
       " has no tensor 'dense.bias'"},
      {"UnknownTensor", withHeader([](nlohmann::json &h) { h["ghost.kernel"] = h["dense.bias"]; }),
       ": tensor 'ghost.kernel' is not a parameter of model 'tiny'"},
      {"WrongDtype", withHeader([](nlohmann::json &h) { h["scale.bias"]["dtype"] = "F64"; }),
       ": tensor 'scale.bias' has dtype F64, the model needs F32"},
      {"WrongShape", withHeader([](nlohmann::json &h) {
         h["scale.kernel"]["shape"] = {2, 3, 5};
       }),
       ": tensor 'scale.kernel' has shape (2, 3, 5), the model expects (2, 3, 4)"},
      {"OffsetsOutOfRange", withHeader([](nlohmann::json &h) {
         h["dense.bias"]["data_offsets"] = {400, 424};
       }),
       ": tensor 'dense.bias' has data offsets [400, 424] outside the data section (412 bytes)"},
      {"WrongDataLength", withHeader([](nlohmann::json &h) {
         h["dense.bias"]["data_offsets"] = {400, 408};
       }),
       ": tensor 'dense.bias' has 8 bytes of data, its shape needs 12"},
      {"MetadataNotAnObject",
       withHeader([](nlohmann::json &h) { h["__metadata__"] = nlohmann::json::array(); }),
       ": '__metadata__' is not a JSON object"},
      {"MetadataNotAString", withHeader([](nlohmann::json &h) { h["__metadata__"]["epoch"] = 3; }),
       ": metadata entry 'epoch' is not a string"},
      {"MalformedEntry", withHeader([](nlohmann::json &h) { h["dense.bias"]["shape"] = "3"; }),
       ": tensor 'dense.bias' needs a string 'dtype', an integer array 'shape' and two integer "
       "'data_offsets'"},
  };
}

class MalformedSafetensors : public Safetensors, public ::testing::WithParamInterface<BadFile> {};

TEST_P(MalformedSafetensors, IsAFormatErrorAndLeavesTheParametersUnchanged) {
  const std::string path = dir_.file("bad.safetensors");
  writeFile(path, GetParam().bytes);
  const std::vector<std::vector<float>> before = allParams(model_.get());
  EXPECT_EQ(cnn_load_weights(model_.get(), path.c_str()), CNN_ERROR_FORMAT);
  const std::string message = cnn_last_error();
  const std::string expected = "weights file " + path + GetParam().message;
  EXPECT_EQ(message.substr(0, expected.size()), expected) << message;
  EXPECT_EQ(allParams(model_.get()), before);
}

INSTANTIATE_TEST_SUITE_P(Safetensors, MalformedSafetensors, ::testing::ValuesIn(badFiles()),
                         [](const auto &info) { return std::string(info.param.name); });

} // namespace
