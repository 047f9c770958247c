// The safetensors reader and writer.
#include "Safetensors.h"

#include "AtomicFile.h"
#include "Errors.h"
#include "ReadFile.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

// Tensor data is stored little-endian and copied as is.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the runtime assumes a little-endian host");

namespace cnnrt::safetensors {
namespace {

constexpr size_t kLengthBytes = 8;

Error formatError(const std::string &path, const std::string &message) {
  return Error(CNN_ERROR_FORMAT, "weights file " + path + ": " + message);
}

bool isCount(const nlohmann::json &value) { return value.is_number_unsigned(); }

TensorEntry parseEntry(const std::string &path, const std::string &name,
                       const nlohmann::json &value, size_t dataSize) {
  const auto malformed = [&] {
    return formatError(path, "tensor '" + name +
                                 "' needs a string 'dtype', an integer array 'shape' and two "
                                 "integer 'data_offsets'");
  };
  if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") ||
      !value.contains("data_offsets"))
    throw malformed();
  const nlohmann::json &dtype = value["dtype"], &shape = value["shape"],
                       &offsets = value["data_offsets"];
  if (!dtype.is_string() || !shape.is_array() || !offsets.is_array() || offsets.size() != 2 ||
      !isCount(offsets[0]) || !isCount(offsets[1]))
    throw malformed();
  TensorEntry entry{
      name, dtype.get<std::string>(), {}, offsets[0].get<size_t>(), offsets[1].get<size_t>()};
  for (const nlohmann::json &extent : shape) {
    if (!isCount(extent))
      throw malformed();
    entry.shape.push_back(extent.get<int64_t>());
  }
  if (entry.begin > entry.end || entry.end > dataSize)
    throw formatError(path, "tensor '" + name + "' has data offsets [" +
                                std::to_string(entry.begin) + ", " + std::to_string(entry.end) +
                                "] outside the data section (" + std::to_string(dataSize) +
                                " bytes)");
  return entry;
}

Metadata parseMetadata(const std::string &path, const nlohmann::json &value) {
  if (!value.is_object())
    throw formatError(path, "'__metadata__' is not a JSON object");
  Metadata metadata;
  for (const auto &item : value.items()) {
    if (!item.value().is_string())
      throw formatError(path, "metadata entry '" + item.key() + "' is not a string");
    metadata[item.key()] = item.value().get<std::string>();
  }
  return metadata;
}

} // namespace

const TensorEntry *File::find(const std::string &name) const {
  for (const TensorEntry &tensor : tensors)
    if (tensor.name == name)
      return &tensor;
  return nullptr;
}

File read(const std::string &path) {
  std::vector<char> bytes;
  const std::string problem = readWholeFile(path, bytes);
  if (!problem.empty())
    throw Error(CNN_ERROR_IO, "cannot read weights file " + path + ": " + problem);
  return parse(path, bytes.data(), bytes.size());
}

File parse(const std::string &path, const char *begin, size_t size) {
  if (size < kLengthBytes)
    throw formatError(path, "the file is too short to be safetensors (" + std::to_string(size) +
                                " bytes)");
  uint64_t headerLength = 0;
  for (size_t i = 0; i < kLengthBytes; ++i)
    headerLength |= static_cast<uint64_t>(static_cast<unsigned char>(begin[i])) << (8 * i);
  if (headerLength > size - kLengthBytes)
    throw formatError(path, "the header length " + std::to_string(headerLength) +
                                " goes past the end of the file (" + std::to_string(size) +
                                " bytes)");
  const char *headerBegin = begin + kLengthBytes;
  const char *dataBegin = headerBegin + headerLength;
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(headerBegin, dataBegin);
  } catch (const nlohmann::json::exception &error) { // a syntax error, or a number out of range
    throw formatError(path, std::string("the header is not valid JSON (") + error.what() + ")");
  }
  if (!header.is_object())
    throw formatError(path, "the header is not a JSON object");

  File file;
  file.path = path;
  file.data.assign(dataBegin, begin + size);
  for (const auto &item : header.items()) {
    if (item.key() == "__metadata__")
      file.metadata = parseMetadata(path, item.value());
    else
      file.tensors.push_back(parseEntry(path, item.key(), item.value(), file.data.size()));
  }
  return file;
}

void write(const std::string &path, const std::vector<TensorRef> &tensors,
           const Metadata &metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  size_t offset = 0;
  std::vector<Bytes> pieces(2);
  for (const TensorRef &tensor : tensors) {
    size_t count = 1;
    for (int64_t extent : tensor.shape)
      count *= static_cast<size_t>(extent);
    pieces.push_back({tensor.data, count * sizeof(float)});
    header[tensor.name] = {
        {"dtype", "F32"},
        {"shape", tensor.shape},
        {"data_offsets", nlohmann::ordered_json::array({offset, offset + pieces.back().size})}};
    offset += pieces.back().size;
  }
  header["__metadata__"] = metadata;
  std::string text = header.dump();
  text.append((kLengthBytes - text.size() % kLengthBytes) % kLengthBytes, ' ');
  char length[kLengthBytes];
  for (size_t i = 0; i < kLengthBytes; ++i)
    length[i] = static_cast<char>((static_cast<uint64_t>(text.size()) >> (8 * i)) & 0xff);
  pieces[0] = {length, kLengthBytes};
  pieces[1] = {text.data(), text.size()};
  writeFileAtomically(path, pieces, "weights file");
}

} // namespace cnnrt::safetensors
