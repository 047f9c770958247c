// One model instance used from two threads at once: the second thread's call fails cleanly with
// CNN_ERROR_ARGUMENT instead of racing (it crashed in Halide's runtime about 1 run in 3), while
// calls from the using thread itself (a fit callback's) go on.
#include "TestModels.h"
#include "TestSupport.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace {

const char *const kInUse = "the model is in use by another thread: one instance must not be used "
                           "from two threads at once (lock around it, or make one instance per "
                           "thread)";

struct DuringFit {
  cnn_model *model;
  const TrainingData *data;
  std::vector<cnn_status> otherThread, sameThread;
  std::string otherError;
};

void onBatch(void *user, const cnn_batch_log *) {
  auto &during = *static_cast<DuringFit *>(user);
  const float *inputs[] = {during.data->images.data()};
  std::vector<float> probabilities(3);
  float *outputs[] = {probabilities.data()};
  std::thread other([&] {
    during.otherThread.push_back(cnn_forward(during.model, 1, inputs, outputs));
    during.otherError = cnn_last_error();
    std::vector<float> bias(6);
    during.otherThread.push_back(
        cnn_get_param(during.model, "dense.bias", bias.data(), bias.size()));
  });
  other.join();
  std::vector<float> bias(6);
  during.sameThread.push_back(cnn_get_param(during.model, "dense.bias", bias.data(), bias.size()));
  during.sameThread.push_back(cnn_forward(during.model, 1, inputs, outputs));
}

TEST(ModelUse, AnotherThreadIsRefusedWhileOneUsesTheModel) {
  ModelPtr model = freshTrainableModel();
  const TrainingData data = toySamples(16, 3);
  DuringFit during{model.get(), &data, {}, {}, ""};
  cnn_fit_options options = fitOptions(1);
  options.on_batch = onBatch;
  options.user = &during;
  const float *inputs[] = {data.images.data()};
  ASSERT_EQ(cnn_fit(model.get(), &options, inputs, data.labels.data(), data.count(), nullptr,
                    nullptr, 0, nullptr),
            CNN_OK)
      << cnn_last_error();
  EXPECT_EQ(during.otherThread, (std::vector<cnn_status>{CNN_ERROR_ARGUMENT, CNN_ERROR_ARGUMENT,
                                                         CNN_ERROR_ARGUMENT, CNN_ERROR_ARGUMENT}));
  EXPECT_EQ(during.otherError, kInUse);
  EXPECT_EQ(during.sameThread, (std::vector<cnn_status>(4, CNN_OK)));
  // Once cnn_fit returned, any thread may use the model.
  std::vector<float> probabilities(3);
  float *outputs[] = {probabilities.data()};
  cnn_status after = CNN_ERROR_ARGUMENT;
  std::thread other([&] { after = cnn_forward(model.get(), 1, inputs, outputs); });
  other.join();
  EXPECT_EQ(after, CNN_OK);
}

} // namespace
