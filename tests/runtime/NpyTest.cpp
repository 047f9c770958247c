// The .npy reader and writer of the cnn tool.
#include "Npy.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cstring>

namespace {

std::string floatBytes(const std::vector<float> &values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::string readError(const std::string &path) {
  try {
    cnn::npy::read(path);
  } catch (const cnn::npy::Error &error) {
    return error.what();
  }
  return "(no error)";
}

class Npy : public ::testing::Test {
protected:
  std::string write(const std::string &bytes) {
    const std::string path = dir_.file("x.npy");
    writeFile(path, bytes);
    return path;
  }
  TempDir dir_;
};

TEST_F(Npy, WriteThenReadRoundTrips) {
  const std::string path = dir_.file("y.npy");
  const std::vector<float> values = ramp(6, -1.0f, 0.5f);
  cnn::npy::write(path, {2, 3}, values.data());
  const std::string bytes = readFile(path);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ((bytes.size() - values.size() * sizeof(float)) % 64, 0u);
  EXPECT_NE(bytes.find("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"),
            std::string::npos);
  const cnn::npy::Array array = cnn::npy::read(path);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(array.data, values);
}

TEST_F(Npy, ReadsVersion2AndOneDimensionalShapes) {
  const std::string path =
      write(npyBytes(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                     floatBytes({1.0f, 2.5f, -3.0f})));
  const cnn::npy::Array array = cnn::npy::read(path);
  EXPECT_EQ(array.shape, std::vector<int64_t>{3});
  EXPECT_EQ(array.data, (std::vector<float>{1.0f, 2.5f, -3.0f}));
}

TEST_F(Npy, RejectsABadMagic) {
  const std::string path = write("PK\x03\x04 not numpy at all");
  EXPECT_EQ(readError(path), path + " is not a NumPy .npy file (bad magic)");
}

TEST_F(Npy, RejectsFloat64) {
  const std::string path = write(npyBytes(
      1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", std::string(16, '\0')));
  EXPECT_EQ(readError(path), path + " holds '<f8' data; cnn run needs float32 ('<f4')");
}

// Bytes of `values` stored as T, little-endian as the host.
template <typename T> std::string bytesOf(const std::vector<T> &values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

TEST_F(Npy, ConvertsEveryBoolIntegerAndFloatType) {
  const auto stored = [&](const char *descr, const std::string &data) {
    return cnn::npy::readStored(write(npyBytes(
        1, std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (3,), }",
        data)));
  };
  const std::vector<float> expected = {0.0f, 1.0f, 200.0f};
  EXPECT_EQ(cnn::npy::toFloat32(stored("|u1", bytesOf<uint8_t>({0, 1, 200}))), expected);
  EXPECT_EQ(cnn::npy::toFloat32(stored("<u2", bytesOf<uint16_t>({0, 1, 200}))), expected);
  EXPECT_EQ(cnn::npy::toFloat32(stored("<i4", bytesOf<int32_t>({0, 1, 200}))), expected);
  EXPECT_EQ(cnn::npy::toFloat32(stored("<u8", bytesOf<uint64_t>({0, 1, 200}))), expected);
  EXPECT_EQ(cnn::npy::toFloat32(stored("<f8", bytesOf<double>({0.0, 1.0, 200.0}))), expected);
  EXPECT_EQ(cnn::npy::toFloat32(stored("|b1", bytesOf<uint8_t>({1, 0, 1}))),
            (std::vector<float>{1.0f, 0.0f, 1.0f}));
  EXPECT_EQ(cnn::npy::toFloat64(stored("|i1", bytesOf<int8_t>({-128, -1, 127}))),
            (std::vector<double>{-128.0, -1.0, 127.0}));
  EXPECT_EQ(cnn::npy::toFloat64(stored("<i8", bytesOf<int64_t>({-3, int64_t{1} << 40, 7}))),
            (std::vector<double>{-3.0, 1099511627776.0, 7.0}));
  const cnn::npy::StoredArray halves = stored("<i2", bytesOf<int16_t>({-2, 0, 2}));
  EXPECT_EQ(halves.name, dir_.file("x.npy"));
  EXPECT_EQ(halves.shape, std::vector<int64_t>{3});
  EXPECT_EQ(halves.descr, "<i2");
}

TEST_F(Npy, RejectsTypesItCannotConvert) {
  for (const char *descr : {">f4", "<U1", "<c8", "<f2"}) {
    const std::string path = write(npyBytes(
        1, std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (1,), }",
        std::string(4, '\0')));
    EXPECT_EQ(readError(path), path + " holds '" + descr +
                                   "' data; cnn reads bool, integer, float32 and float64 arrays "
                                   "(little-endian)");
  }
}

TEST_F(Npy, RejectsFortranOrder) {
  const std::string path = write(npyBytes(
      1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", std::string(16, '\0')));
  EXPECT_EQ(readError(path), path + " is in Fortran order; cnn reads C-order arrays only");
}

TEST_F(Npy, RejectsTruncatedData) {
  const std::string path = write(npyBytes(
      1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 2), }", std::string(12, '\0')));
  EXPECT_EQ(readError(path),
            path + " is truncated: shape (5, 2) needs 40 bytes of data, the file holds 12");
}

TEST_F(Npy, RejectsATruncatedHeader) {
  const std::string full =
      npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "");
  const std::string path = write(full.substr(0, 30));
  EXPECT_EQ(readError(path), path + " is truncated: it ends inside the .npy header");
}

TEST_F(Npy, RejectsAMalformedHeader) {
  const std::string path =
      write(npyBytes(1, "{'descr': '<f4', 'shape': (2,), }", std::string(8, '\0')));
  EXPECT_EQ(readError(path).rfind(path + " has a malformed .npy header: ", 0), 0u);
}

TEST_F(Npy, ReportsAMissingFile) {
  const std::string path = dir_.file("none.npy");
  EXPECT_EQ(readError(path), "cannot read " + path + ": No such file or directory");
}

} // namespace
