// Training programs that cnn_create must refuse, and a kernel failure during training.
#include "Errors.h"
#include "TestKernels.h"
#include "TestModels.h"
#include "TestSupport.h"
#include "TrainSupport.h"

#include <gtest/gtest.h>

#include <functional>

namespace {

// A copy of the trainable model's descriptor with its training program open to changes.
struct ProgramCopy {
  ProgramCopy() : desc(trainableModel()) {
    const cnn_train_desc &original = *desc.train;
    temps.assign(original.temps, original.temps + original.num_temps);
    steps.assign(original.steps, original.steps + original.num_steps);
    losses.assign(original.losses, original.losses + original.num_losses);
    train = original;
  }
  const cnn_model_desc &finish() {
    train.temps = temps.data();
    train.num_temps = static_cast<int>(temps.size());
    train.steps = steps.data();
    train.num_steps = static_cast<int>(steps.size());
    train.losses = losses.data();
    desc.train = &train;
    return desc;
  }
  cnn_step_desc &step(const std::string &name) {
    for (cnn_step_desc &candidate : steps)
      if (name == candidate.name)
        return candidate;
    throw std::runtime_error("no step " + name);
  }
  cnn_loss_desc &loss() { return losses.at(0); }
  cnn_model_desc desc;
  cnn_train_desc train;
  std::vector<cnn_temp_desc> temps;
  std::vector<cnn_step_desc> steps;
  std::vector<cnn_loss_desc> losses;
};

// The message of the CNN_ERROR_FORMAT that creating the changed model throws, or "" if none.
std::string formatError(const std::function<void(ProgramCopy &)> &change) {
  ProgramCopy copy;
  change(copy);
  try {
    createModel(copy.finish());
  } catch (const cnnrt::Error &error) {
    EXPECT_EQ(error.status(), CNN_ERROR_FORMAT);
    return error.what();
  }
  return "";
}

TEST(TrainProgram, AnUnchangedCopyIsAccepted) {
  EXPECT_EQ(formatError([](ProgramCopy &) {}), "");
}

TEST(TrainProgram, RefusesBuffersThatDoNotExist) {
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.step("dense").args[1].index = 9; }),
            "model descriptor: training program: step 1 ('dense') argument 1 names buffer 9 of "
            "kind 2, which does not exist");
  EXPECT_NE(formatError([](ProgramCopy &copy) { copy.step("dense").args[0].kind = 17; }), "");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.temps[1].alias = 8; }),
            "model descriptor: training program: temp 1 ('dense') aliases temp 8, which does not "
            "exist");
}

TEST(TrainProgram, RefusesBuffersTheirPhaseMayNotUse) {
  EXPECT_EQ(formatError([](ProgramCopy &copy) {
              copy.step("dense.kernel.update").args[4] = {CNN_BUFFER_INPUT, 0, 1};
            }),
            "model descriptor: training program: step 10 ('dense.kernel.update') argument 4 "
            "writes the model input, the labels or the targets");
  EXPECT_EQ(formatError([](ProgramCopy &copy) {
              copy.step("dense.kernel.update").args[4] = {CNN_BUFFER_TARGETS, 0, 1};
            }),
            "model descriptor: training program: step 10 ('dense.kernel.update') argument 4 "
            "writes the model input, the labels or the targets");
  EXPECT_NE(formatError([](ProgramCopy &copy) {
              copy.step("dense.kernel.update").args[0] = {CNN_BUFFER_TEMP, 1, 1};
            }),
            "");
  EXPECT_NE(formatError([](ProgramCopy &copy) {
              copy.step("dense").args[3] = {CNN_BUFFER_PARAM, 0, 0};
            }),
            "");
}

TEST(TrainProgram, RefusesPhasesOutOfOrder) {
  EXPECT_EQ(formatError([](ProgramCopy &copy) {
              copy.step("dense.grad_params").phase = CNN_PHASE_FORWARD;
            }),
            "model descriptor: training program: step 9 ('dense.grad_params') has phase 0 out of "
            "order");
}

TEST(TrainProgram, RefusesCircularOrMismatchedMemorySharing) {
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.temps[6].alias = 7; }),
            "model descriptor: training program: temp 'dense.grad' shares memory in a circle");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.temps[7].alias = 3; }),
            "model descriptor: training program: temp 'dense.grad_preactivation' aliases a temp "
            "of another size");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.temps[0].shape[1] = 5; }),
            "model descriptor: training program: step 0 ('flatten') is a view that changes the "
            "number of elements");
  EXPECT_EQ(
      formatError([](ProgramCopy &copy) { copy.step("flatten").scalar = CNN_SCALAR_DROPOUT_SEED; }),
      "model descriptor: training program: step 0 ('flatten') has no kernel but is not a "
      "view of one activation as one temp");
}

TEST(TrainProgram, RefusesLossesThatNameNoOutputOrNoPredictions) {
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.train.num_losses = 0; }),
            "model descriptor: training program: it has no loss");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.loss().output = 1; }),
            "model descriptor: training program: loss 0 names output 1, which does not exist or "
            "comes out of order");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.loss().kind = 7; }),
            "model descriptor: training program: loss 0 has an unknown kind 7");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.loss().weight = -1.0; }),
            "model descriptor: training program: loss 0 has a loss weight that is negative or "
            "not finite");
  EXPECT_EQ(formatError([](ProgramCopy &copy) {
              copy.loss().predictions = {CNN_BUFFER_GRAD, 0, 0};
            }),
            "model descriptor: training program: loss 0 takes its predictions from no temp");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.loss().predictions.index = 0; }),
            "model descriptor: training program: loss 0 takes its predictions from a temp of "
            "another shape than its output's");
}

TEST(TrainProgram, RefusesABadOptimizer) {
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.train.optimizer.learning_rate = 0.0; }),
            "model descriptor: training program: the learning rate must be positive and finite");
  EXPECT_NE(formatError([](ProgramCopy &copy) { copy.train.optimizer.beta_2 = 1.0; }), "");
  EXPECT_EQ(formatError([](ProgramCopy &copy) { copy.train.optimizer.kind = CNN_OPTIMIZER_SGD; }),
            "model descriptor: training program: step 10 ('dense.kernel.update') argument 3 uses a "
            "second optimizer slot, which SGD does not have");
}

int failingKernel(void **) { return fail("Output buffer dropout is accessed out of bounds"); }

TEST(TrainProgram, KernelFailureNamesTheStep) {
  ProgramCopy copy;
  copy.step("dropout").kernel = failingKernel;
  ModelPtr model = createModel(copy.finish());
  const TrainingData data = toySamples(4, 1);
  const float *inputs[] = {data.images.data()};
  EXPECT_EQ(
      cnn_train_step(model.get(), data.count(), inputs, data.labels.data(), 0, nullptr, nullptr),
      CNN_ERROR_KERNEL);
  EXPECT_STREQ(cnn_last_error(), "the kernel of training step 'dropout' failed: Output buffer "
                                 "dropout is accessed out of bounds");
  EXPECT_EQ(cnn_optimizer_steps(model.get()), 0);
}

} // namespace
