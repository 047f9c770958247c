// Loading IDX data sets, plain and gzipped, and every way an IDX file can be wrong.
#include "Errors.h"
#include "Idx.h"
#include "TestSupport.h"

#include "cnn/cnn.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

struct DatasetDeleter {
  void operator()(cnn_dataset *dataset) const { cnn_dataset_destroy(dataset); }
};
using DatasetPtr = std::unique_ptr<cnn_dataset, DatasetDeleter>;

// Three 2x3 images with labels 7, 0, 255.
const std::string kPixels = {0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, '\xff', '\x80', 0, 0, 0, 9};
const std::string kLabels = {7, 0, '\xff'};

class Dataset : public ::testing::Test {
protected:
  // Loads `split` of the temporary folder; checks the status and returns the message.
  std::string loadFails(const char *split, cnn_status expected) {
    cnn_dataset *dataset = nullptr;
    EXPECT_EQ(cnn_dataset_load(dir_.file("").c_str(), split, &dataset), expected);
    EXPECT_EQ(dataset, nullptr);
    return cnn_last_error();
  }
  DatasetPtr load(const char *split) {
    cnn_dataset *dataset = nullptr;
    EXPECT_EQ(cnn_dataset_load(dir_.file("").c_str(), split, &dataset), CNN_OK) << cnn_last_error();
    return DatasetPtr(dataset);
  }
  void expectFixture(const cnn_dataset *dataset) {
    int64_t shape[4];
    cnn_dataset_shape(dataset, shape);
    EXPECT_EQ(std::vector<int64_t>(shape, shape + 4), (std::vector<int64_t>{3, 2, 3, 1}));
    std::vector<float> expected;
    for (char pixel : kPixels)
      expected.push_back(static_cast<float>(static_cast<unsigned char>(pixel)) / 255.0f);
    EXPECT_EQ(std::vector<float>(cnn_dataset_images(dataset), cnn_dataset_images(dataset) + 18),
              expected);
    EXPECT_EQ(std::vector<int32_t>(cnn_dataset_labels(dataset), cnn_dataset_labels(dataset) + 3),
              (std::vector<int32_t>{7, 0, 255}));
  }
  std::string images() const { return dir_.file("t10k-images-idx3-ubyte"); }
  std::string labels() const { return dir_.file("t10k-labels-idx1-ubyte"); }
  TempDir dir_;
};

TEST_F(Dataset, ReadsPlainIdxFiles) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, false);
  expectFixture(load("test").get());
}

TEST_F(Dataset, ReadsGzippedIdxFiles) {
  writeIdxSplit(dir_, "train", 2, 3, kPixels, kLabels, true);
  expectFixture(load("train").get());
}

TEST_F(Dataset, FindsEachFileWithOrWithoutGz) {
  writeFile(images(), idxBytes({3, 2, 3}, kPixels));
  writeGzipFile(labels() + ".gz", idxBytes({3}, kLabels));
  expectFixture(load("test").get());
}

TEST_F(Dataset, ReadsDebiansFashionMnist) {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  cnn_dataset *dataset = nullptr;
  ASSERT_EQ(cnn_dataset_load("fashion-mnist", "test", &dataset), CNN_OK) << cnn_last_error();
  const DatasetPtr owner(dataset);
  int64_t shape[4];
  cnn_dataset_shape(dataset, shape);
  EXPECT_EQ(std::vector<int64_t>(shape, shape + 4), (std::vector<int64_t>{10000, 28, 28, 1}));
  EXPECT_EQ(cnn_dataset_labels(dataset)[0], 9); // the first test image is an ankle boot
}

TEST_F(Dataset, RejectsAnUnknownSplit) {
  EXPECT_EQ(loadFails("validation", CNN_ERROR_ARGUMENT),
            "unknown split 'validation' (a data set has 'train' and 'test')");
}

TEST_F(Dataset, ReportsAMissingFile) {
  writeFile(images(), idxBytes({3, 2, 3}, kPixels));
  EXPECT_EQ(loadFails("test", CNN_ERROR_IO),
            "cannot find t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz in " + dir_.file(""));
}

TEST_F(Dataset, ReportsASourceThatIsNoFolder) {
  cnn_dataset *dataset = nullptr;
  EXPECT_EQ(cnn_dataset_load("mnist", "test", &dataset), CNN_ERROR_IO);
  EXPECT_STREQ(cnn_last_error(),
               "data set 'mnist' is neither fashion-mnist nor a folder of IDX files");
}

TEST_F(Dataset, RejectsNullArguments) {
  cnn_dataset *dataset = nullptr;
  EXPECT_EQ(cnn_dataset_load(nullptr, "test", &dataset), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the data set source is null");
  EXPECT_EQ(cnn_dataset_load("fashion-mnist", "test", nullptr), CNN_ERROR_ARGUMENT);
  EXPECT_STREQ(cnn_last_error(), "the data set pointer is null");
}

TEST_F(Dataset, RejectsAWrongMagic) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, false);
  writeFile(images(), idxBytes({3}, kLabels));
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + " is not an IDX image file (magic 0x00000801, expected 0x00000803)");
  writeGzipFile(images() + ".gz", "not an IDX file");
  std::filesystem::remove(images());
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + ".gz is not an IDX image file (magic 0x6e6f7420, expected 0x00000803)");
}

TEST_F(Dataset, RejectsTruncatedImages) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, false);
  writeFile(images(), idxBytes({3, 2, 3}, kPixels.substr(0, 10)));
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + " holds 10 of the 18 bytes its header announces");
}

TEST_F(Dataset, RejectsTruncatedGzippedImages) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, true);
  writeGzipFile(images() + ".gz", idxBytes({4, 2, 3}, kPixels));
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + ".gz holds 18 of the 24 bytes its header announces");
}

TEST_F(Dataset, RejectsACutGzipStream) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, true);
  const std::string gzipped = readFile(images() + ".gz");
  writeFile(images() + ".gz", gzipped.substr(0, gzipped.size() - 12));
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + ".gz ends in the middle of its gzip stream");
}

TEST_F(Dataset, RejectsCorruptGzipData) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, true);
  std::string gzipped = readFile(images() + ".gz");
  gzipped[12] = static_cast<char>(~gzipped[12]); // inside the deflate stream, past the header
  writeFile(images() + ".gz", gzipped);
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT), images() + ".gz holds corrupt gzip data");
}

TEST_F(Dataset, RejectsTruncatedLabels) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, false);
  writeFile(labels(), idxBytes({3}, kLabels.substr(0, 1)));
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            labels() + " holds 1 of the 3 bytes its header announces");
}

TEST_F(Dataset, RejectsATruncatedHeader) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels, false);
  writeFile(images(), idxBytes({3, 2, 3}, "").substr(0, 9));
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + " holds 9 of the 16 bytes of its header");
  writeFile(images(), "");
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + " is not an IDX image file (it holds only 0 bytes)");
}

TEST_F(Dataset, RejectsImagesAndLabelsThatDoNotPair) {
  writeIdxSplit(dir_, "t10k", 2, 3, kPixels, kLabels.substr(0, 2), false);
  EXPECT_EQ(loadFails("test", CNN_ERROR_FORMAT),
            images() + " holds 3 images but " + labels() + " holds 2 labels");
}

TEST(Idx, ReportsAnUnreadableFile) {
  try {
    cnnrt::readIdxLabels("/nonexistent/labels");
    ADD_FAILURE() << "no error";
  } catch (const cnnrt::Error &error) {
    EXPECT_EQ(error.status(), CNN_ERROR_IO);
    EXPECT_STREQ(error.what(), "cannot open /nonexistent/labels: No such file or directory");
  }
}

} // namespace
