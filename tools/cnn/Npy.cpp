// The .npy reader and writer.
//
// A file is a magic string, a version, a header length, a Python dict literal
// ({'descr': '<f4', 'fortran_order': False, 'shape': (5, 28, 28, 1), }) and the raw data.
#include "Npy.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

// The data is stored little-endian and copied as is.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "cnn assumes a little-endian host");

namespace cnn::npy {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicBytes = 6;
// NumPy pads the header so the data starts at a multiple of 64 bytes.
constexpr size_t kAlignment = 64;

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE *)>;

Error fileError(const std::string &what, const std::string &path) {
  return Error(what + " " + path + ": " + std::strerror(errno));
}

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

std::vector<char> readWholeFile(const std::string &path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw fileError("cannot open", path);
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad())
    throw fileError("cannot read", path);
  return bytes;
}

uint64_t littleEndian(const char *bytes, size_t count) {
  uint64_t value = 0;
  for (size_t i = 0; i < count; ++i)
    value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  return value;
}

} // namespace

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t d = 0; d < shape.size(); ++d)
    text += (d ? ", " : "") + std::to_string(shape[d]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

Array read(const std::string &path) {
  const std::vector<char> bytes = readWholeFile(path);
  if (bytes.size() < kMagicBytes + 2 || std::memcmp(bytes.data(), kMagic, kMagicBytes) != 0)
    throw Error(path + " is not a NumPy .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[kMagicBytes]);
  if (major != 1 && major != 2)
    throw Error(path + " uses .npy format version " + std::to_string(major) +
                ", which cnn cannot read (only 1.0 and 2.0)");
  const size_t lengthBytes = major == 1 ? 2 : 4;
  const size_t headerStart = kMagicBytes + 2 + lengthBytes;
  if (bytes.size() < headerStart)
    throw Error(path + " is truncated: it ends inside the .npy header");
  const uint64_t headerLength = littleEndian(bytes.data() + kMagicBytes + 2, lengthBytes);
  if (headerLength > bytes.size() - headerStart)
    throw Error(path + " is truncated: it ends inside the .npy header");
  const std::string header(bytes.data() + headerStart, headerLength);

  std::string descr;
  bool fortranOrder = false;
  Array array;
  HeaderParser(header, path).parse(descr, fortranOrder, array.shape);
  if (descr != "<f4")
    throw Error(path + " holds '" + descr + "' data; cnn run needs float32 ('<f4')");
  if (fortranOrder)
    throw Error(path + " is in Fortran order; cnn run needs C order");

  size_t count = 1;
  for (int64_t extent : array.shape)
    count *= static_cast<size_t>(extent);
  const size_t have = bytes.size() - headerStart - headerLength;
  const size_t need = count * sizeof(float);
  if (have < need)
    throw Error(path + " is truncated: shape " + formatShape(array.shape) + " needs " +
                std::to_string(need) + " bytes of data, the file holds " + std::to_string(have));
  if (have > need)
    throw Error(path + " holds " + std::to_string(have) + " bytes of data, but shape " +
                formatShape(array.shape) + " needs " + std::to_string(need));
  array.data.resize(count);
  std::memcpy(array.data.data(), bytes.data() + headerStart + headerLength, need);
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

  size_t count = 1;
  for (int64_t extent : shape)
    count *= static_cast<size_t>(extent);
  FilePtr file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!file)
    throw fileError("cannot write", path);
  if (std::fwrite(preamble.data(), 1, preamble.size(), file.get()) != preamble.size() ||
      std::fwrite(header.data(), 1, header.size(), file.get()) != header.size() ||
      std::fwrite(data, sizeof(float), count, file.get()) != count ||
      std::fclose(file.release()) != 0)
    throw fileError("cannot write", path);
}

} // namespace cnn::npy
