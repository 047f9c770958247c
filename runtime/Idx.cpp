// IDX files: a big-endian header (magic, then one 32-bit extent per dimension) and the bytes.
#include "Idx.h"

#include "Errors.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace cnnrt {
namespace {

constexpr uint8_t kUnsignedByte = 0x08;
constexpr size_t kChunkBytes = size_t(1) << 20;

// zlib reads a gzip stream (it recognizes the magic 1f 8b) and any other file as it is, so one
// reader serves both kinds.
class IdxReader {
public:
  explicit IdxReader(const std::string &path) : path_(path) {
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (!file_)
      throw Error(CNN_ERROR_IO,
                  "cannot open " + path + ": " + std::strerror(errno ? errno : ENOMEM));
  }
  ~IdxReader() { gzclose(file_); }
  IdxReader(const IdxReader &) = delete;
  IdxReader &operator=(const IdxReader &) = delete;

  // Reads up to `size` bytes; fewer only where the data ends.
  size_t read(uint8_t *data, size_t size) {
    size_t done = 0;
    while (done < size) {
      const int got =
          gzread(file_, data + done, static_cast<unsigned>(std::min(size - done, kChunkBytes)));
      if (got <= 0) {
        checkStream();
        break;
      }
      done += static_cast<size_t>(got);
    }
    return done;
  }

private:
  // After a read that returned nothing: the end of the data, or an error.
  void checkStream() const {
    int code = Z_OK;
    gzerror(file_, &code);
    if (code == Z_ERRNO)
      throw Error(CNN_ERROR_IO, "cannot read " + path_ + ": " + std::strerror(errno));
    // zlib drops what it decompressed in the failing call, so no byte count is given here.
    if (code == Z_BUF_ERROR)
      throw Error(CNN_ERROR_FORMAT, path_ + " ends in the middle of its gzip stream");
    if (code != Z_OK)
      throw Error(CNN_ERROR_FORMAT, path_ + " holds corrupt gzip data");
  }

  std::string path_;
  gzFile file_;
};

std::string hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

uint32_t bigEndian32(const uint8_t *bytes) {
  return uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 | uint32_t(bytes[2]) << 8 |
         uint32_t(bytes[3]);
}

// `what` names the kind of file for the messages: "image", "label".
IdxArray readIdx(const std::string &path, int rank, const char *what) {
  IdxReader reader(path);
  uint8_t header[4 + 4 * 3];
  const size_t headerBytes = 4 + 4 * static_cast<size_t>(rank);
  const size_t magicBytes = reader.read(header, 4);
  const uint32_t expected = uint32_t(kUnsignedByte) << 8 | uint32_t(rank);
  if (magicBytes < 4)
    throw Error(CNN_ERROR_FORMAT, path + " is not an IDX " + what + " file (it holds only " +
                                      std::to_string(magicBytes) + " bytes)");
  if (bigEndian32(header) != expected)
    throw Error(CNN_ERROR_FORMAT, path + " is not an IDX " + what + " file (magic " +
                                      hex32(bigEndian32(header)) + ", expected " + hex32(expected) +
                                      ")");
  const size_t extentBytes = reader.read(header + 4, headerBytes - 4);
  if (extentBytes < headerBytes - 4)
    throw Error(CNN_ERROR_FORMAT, path + " holds " + std::to_string(4 + extentBytes) + " of the " +
                                      std::to_string(headerBytes) + " bytes of its header");

  IdxArray array;
  uint64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    const uint32_t extent = bigEndian32(header + 4 + 4 * d);
    array.shape.push_back(extent);
    if (extent > 0 && total > std::numeric_limits<uint32_t>::max() / extent)
      throw Error(CNN_ERROR_FORMAT, path + " announces more than 4 GiB of data");
    total *= extent;
  }
  // Grows with the data actually read, so a header announcing too much costs no memory.
  while (array.data.size() < total) {
    const size_t begin = array.data.size();
    array.data.resize(begin + std::min<size_t>(total - begin, kChunkBytes));
    const size_t got = reader.read(array.data.data() + begin, array.data.size() - begin);
    if (begin + got < array.data.size())
      throw Error(CNN_ERROR_FORMAT, path + " holds " + std::to_string(begin + got) + " of the " +
                                        std::to_string(total) + " bytes its header announces");
  }
  return array;
}

} // namespace

IdxArray readIdxImages(const std::string &path) { return readIdx(path, 3, "image"); }

IdxArray readIdxLabels(const std::string &path) { return readIdx(path, 1, "label"); }

} // namespace cnnrt
