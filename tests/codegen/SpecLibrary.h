// Compiling a test spec with the real cnnc, and the random values the tests feed it.
#ifndef CNNC_TESTS_SPECLIBRARY_H
#define CNNC_TESTS_SPECLIBRARY_H

#include "ModelSpec.h"

#include "ModelLibrary.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace cnnc::test {

/// Writes the spec's source into a scratch folder and compiles it with cnnc; returns the
/// library's path (the test fails if cnnc does).
std::string compileSpec(const ModelSpec &spec);
/// The same for a model file's text: model-language source, or cnn IR with extension ".mlir".
std::string compileText(const std::string &name, const std::string &text,
                        const std::string &extension = ".cnn");

/// Removes the scratch folder (libraries already loaded stay mapped).
void removeScratch();

/// Uniform values in [-scale, scale] that float32 represents exactly, so the reference and the
/// generated code see the same numbers.
std::vector<double> randomValues(int64_t count, std::mt19937 &rng, double scale);

std::vector<float> toFloat(const std::vector<double> &values);

/// Random values in [-1, 1] for every Input of a spec, as the reference and the C API take them.
struct SpecInputs {
  std::map<std::string, Tensor> tensors; // by Input name
  std::vector<std::vector<float>> data;  // in the model's input order
  std::vector<const float *> pointers;
};
SpecInputs randomInputs(const ModelSpec &spec, int64_t batch, std::mt19937 &rng);

/// A small classifier of 12x12x1 images with every kind of training kernel: Conv2D(filters, 3,
/// same, relu), MaxPooling2D(2), Flatten, Dense(32, relu), Dropout, Dense(10, softmax).
ModelSpec dropoutClassifierSpec(const std::string &name, int64_t filters);

/// Every parameter end to end in the model's order, or with `gradients` every parameter's
/// gradient from the last cnn_compute_gradients.
std::vector<float> allParams(const cnn::ModelLibrary &library, bool gradients = false);

/// Sets every parameter of the library's model to random values in [-0.5, 0.5].
struct SpecParams {
  std::map<std::string, Tensor> tensors;
  std::vector<std::string> names; // in the model's order
};
SpecParams setRandomParams(const cnn::ModelLibrary &library, std::mt19937 &rng);

} // namespace cnnc::test

#endif // CNNC_TESTS_SPECLIBRARY_H
