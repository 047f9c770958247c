// Reading and writing weights in the safetensors format.
//
// A file is an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
// shape and data offsets, then the raw tensor data.
#ifndef CNNRT_SAFETENSORS_H
#define CNNRT_SAFETENSORS_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cnnrt::safetensors {

struct TensorEntry {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  size_t begin, end; // byte offsets into the data section, checked to lie inside it
};

// The header's "__metadata__": a map from strings to strings.
using Metadata = std::map<std::string, std::string>;

struct File {
  std::string path;
  std::vector<TensorEntry> tensors;
  Metadata metadata;
  std::vector<char> data;                                 // the data section
  const TensorEntry *find(const std::string &name) const; // null if there is none
};

// Reads and checks the file's structure (CNN_ERROR_IO / CNN_ERROR_FORMAT); the caller checks
// the tensors against what it expects.
File read(const std::string &path);
// The same for a file's `size` bytes at `begin`, already in memory; errors name it `path`.
File parse(const std::string &path, const char *begin, size_t size);

struct TensorRef {
  std::string name;
  std::vector<int64_t> shape;
  const float *data;
};

// Writes F32 tensors and `metadata` atomically (see AtomicFile.h; CNN_ERROR_IO).
void write(const std::string &path, const std::vector<TensorRef> &tensors,
           const Metadata &metadata = Metadata{{"format", "cnnc"}});

} // namespace cnnrt::safetensors

#endif // CNNRT_SAFETENSORS_H
