// The .npy reader and writer.
//
// A file is a magic string, a version, a header length, a Python dict literal
// ({'descr': '<f4', 'fortran_order': False, 'shape': (5, 28, 28, 1), }) and the raw data.
#include "Npy.h"
#include "AtomicFile.h"
#include "ReadFile.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>

// The data is stored little-endian and copied as is.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "cnn assumes a little-endian host");

namespace cnn::npy {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicBytes = 6;
// NumPy pads the header so the data starts at a multiple of 64 bytes.
constexpr size_t kAlignment = 64;

// A cursor over the header's dict literal; it accepts exactly what NumPy writes.
class HeaderParser {
public:
  HeaderParser(const std::string &text, const std::string &path) : text_(text), path_(path) {}

  void parse(std::string &descr, bool &fortranOrder, std::vector<int64_t> &shape) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    expect('{');
    while (!accept('}')) {
      const std::string key = quoted();
      expect(':');
      if (key == "descr") {
        descr = quoted();
        haveDescr = true;
      } else if (key == "fortran_order") {
        fortranOrder = boolean();
        haveOrder = true;
      } else if (key == "shape") {
        shape = tuple();
        haveShape = true;
      } else {
        fail();
      }
      if (!accept(',')) {
        expect('}');
        break;
      }
    }
    if (!haveDescr || !haveOrder || !haveShape)
      fail();
  }

private:
  [[noreturn]] void fail() const { throw Error(path_ + " has a malformed .npy header: " + text_); }
  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }
  bool accept(char c) {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c))
      fail();
  }
  std::string quoted() {
    skipSpace();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
      fail();
    const char quote = text_[pos_++];
    const size_t end = text_.find(quote, pos_);
    if (end == std::string::npos)
      fail();
    std::string value = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return value;
  }
  bool boolean() {
    skipSpace();
    for (const char *word : {"True", "False"})
      if (text_.compare(pos_, std::strlen(word), word) == 0) {
        pos_ += std::strlen(word);
        return word[0] == 'T';
      }
    fail();
  }
  std::vector<int64_t> tuple() {
    std::vector<int64_t> values;
    expect('(');
    while (!accept(')')) {
      skipSpace();
      size_t digits = 0;
      int64_t value = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) &&
             digits < 18) {
        value = value * 10 + (text_[pos_++] - '0');
        ++digits;
      }
      if (digits == 0)
        fail();
      values.push_back(value);
      if (!accept(',')) {
        expect(')');
        break;
      }
    }
    return values;
  }

  const std::string &text_;
  const std::string &path_;
  size_t pos_ = 0;
};

uint64_t littleEndian(const char *bytes, size_t count) {
  uint64_t value = 0;
  for (size_t i = 0; i < count; ++i)
    value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  return value;
}

size_t elementCount(const std::vector<int64_t> &shape) {
  size_t count = 1;
  for (int64_t extent : shape)
    count *= static_cast<size_t>(extent);
  return count;
}

// An element type cnn reads: kind 'b' (bool), 'i', 'u' or 'f', and its size in bytes.
struct ElementType {
  char kind;
  size_t size;
};

ElementType elementType(const StoredArray &array) {
  const std::string &descr = array.descr;
  static const char *const kReadable[] = {"b1", "i1", "u1", "i2", "u2", "i4",
                                          "u4", "i8", "u8", "f4", "f8"};
  const bool readable =
      descr.size() == 3 && std::string("<|=").find(descr[0]) != std::string::npos &&
      std::find(std::begin(kReadable), std::end(kReadable), descr.substr(1)) != std::end(kReadable);
  if (!readable)
    throw Error(array.name + " holds '" + descr +
                "' data; cnn reads bool, integer, float32 and float64 arrays (little-endian)");
  return {descr[1], static_cast<size_t>(descr[2] - '0')};
}

// The elements of `array`, each of type In, as Out.
template <typename In, typename Out> std::vector<Out> convertFrom(const StoredArray &array) {
  std::vector<Out> values(array.bytes.size() / sizeof(In));
  for (size_t i = 0; i < values.size(); ++i) {
    In value;
    std::memcpy(&value, array.bytes.data() + i * sizeof(In), sizeof(In));
    values[i] = static_cast<Out>(value);
  }
  return values;
}

template <typename Out> std::vector<Out> converted(const StoredArray &array) {
  const ElementType type = elementType(array);
  switch (type.kind == 'b' ? 'u' : type.kind) {
  case 'f':
    return type.size == 4 ? convertFrom<float, Out>(array) : convertFrom<double, Out>(array);
  case 'i':
    switch (type.size) {
    case 1:
      return convertFrom<int8_t, Out>(array);
    case 2:
      return convertFrom<int16_t, Out>(array);
    case 4:
      return convertFrom<int32_t, Out>(array);
    default:
      return convertFrom<int64_t, Out>(array);
    }
  default:
    switch (type.size) {
    case 1:
      return convertFrom<uint8_t, Out>(array);
    case 2:
      return convertFrom<uint16_t, Out>(array);
    case 4:
      return convertFrom<uint32_t, Out>(array);
    default:
      return convertFrom<uint64_t, Out>(array);
    }
  }
}

} // namespace

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t d = 0; d < shape.size(); ++d)
    text += (d ? ", " : "") + std::to_string(shape[d]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

StoredArray parse(std::vector<char> bytes, const std::string &name) {
  if (bytes.size() < kMagicBytes + 2 || std::memcmp(bytes.data(), kMagic, kMagicBytes) != 0)
    throw Error(name + " is not a NumPy .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[kMagicBytes]);
  if (major != 1 && major != 2)
    throw Error(name + " uses .npy format version " + std::to_string(major) +
                ", which cnn cannot read (only 1.0 and 2.0)");
  const size_t lengthBytes = major == 1 ? 2 : 4;
  const size_t headerStart = kMagicBytes + 2 + lengthBytes;
  if (bytes.size() < headerStart)
    throw Error(name + " is truncated: it ends inside the .npy header");
  const uint64_t headerLength = littleEndian(bytes.data() + kMagicBytes + 2, lengthBytes);
  if (headerLength > bytes.size() - headerStart)
    throw Error(name + " is truncated: it ends inside the .npy header");
  const std::string header(bytes.data() + headerStart, headerLength);

  bool fortranOrder = false;
  StoredArray array;
  array.name = name;
  HeaderParser(header, name).parse(array.descr, fortranOrder, array.shape);
  const size_t itemSize = elementType(array).size;
  if (fortranOrder)
    throw Error(name + " is in Fortran order; cnn reads C-order arrays only");

  const size_t have = bytes.size() - headerStart - headerLength;
  const size_t need = elementCount(array.shape) * itemSize;
  if (have < need)
    throw Error(name + " is truncated: shape " + formatShape(array.shape) + " needs " +
                std::to_string(need) + " bytes of data, the file holds " + std::to_string(have));
  if (have > need)
    throw Error(name + " holds " + std::to_string(have) + " bytes of data, but shape " +
                formatShape(array.shape) + " needs " + std::to_string(need));
  bytes.erase(bytes.begin(),
              bytes.begin() + static_cast<std::ptrdiff_t>(headerStart + headerLength));
  array.bytes = std::move(bytes);
  return array;
}

StoredArray readStored(const std::string &path) {
  std::vector<char> bytes;
  const std::string problem = cnnrt::readWholeFile(path, bytes);
  if (!problem.empty())
    throw Error("cannot read " + path + ": " + problem);
  return parse(std::move(bytes), path);
}

std::vector<float> toFloat32(const StoredArray &array) { return converted<float>(array); }

std::vector<double> toFloat64(const StoredArray &array) { return converted<double>(array); }

Array read(const std::string &path) {
  StoredArray stored = readStored(path);
  if (stored.descr != "<f4")
    throw Error(path + " holds '" + stored.descr + "' data; cnn run needs float32 ('<f4')");
  Array array;
  array.shape = std::move(stored.shape);
  array.data = toFloat32(stored);
  return array;
}

void write(const std::string &path, const std::vector<int64_t> &shape, const float *data) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + formatShape(shape) + ", }";
  // The header ends with a newline and is padded with spaces so the data is aligned. Version
  // 1.0 stores its length in 2 bytes; longer headers need version 2.0 and 4 bytes.
  const auto paddedLength = [&](size_t lengthBytes) {
    const size_t start = kMagicBytes + 2 + lengthBytes;
    return (start + header.size() + 1 + kAlignment - 1) / kAlignment * kAlignment - start;
  };
  const size_t lengthBytes = paddedLength(2) <= 0xffff ? 2 : 4;
  header.append(paddedLength(lengthBytes) - header.size() - 1, ' ');
  header += '\n';

  std::string preamble(kMagic, kMagicBytes);
  preamble += static_cast<char>(lengthBytes == 2 ? 1 : 2);
  preamble += '\0';
  for (size_t i = 0; i < lengthBytes; ++i)
    preamble += static_cast<char>((header.size() >> (8 * i)) & 0xff);

  const size_t count = elementCount(shape);
  if (const int error = cnnrt::replaceFile(path, {{preamble.data(), preamble.size()},
                                                  {header.data(), header.size()},
                                                  {data, count * sizeof(float)}}))
    throw Error("cannot write " + path + ": " + std::strerror(error));
}

} // namespace cnn::npy
