// Compiling a test spec with the real cnnc, and the random values the tests feed it.
#ifndef CNNC_TESTS_SPECLIBRARY_H
#define CNNC_TESTS_SPECLIBRARY_H

#include "ModelSpec.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace cnnc::test {

/// Writes the spec's source into a scratch folder and compiles it with cnnc; returns the
/// library's path (the test fails if cnnc does).
std::string compileSpec(const ModelSpec &spec);

/// Removes the scratch folder (libraries already loaded stay mapped).
void removeScratch();

/// Uniform values in [-scale, scale] that float32 represents exactly, so the reference and the
/// generated code see the same numbers.
std::vector<double> randomValues(int64_t count, std::mt19937 &rng, double scale);

std::vector<float> toFloat(const std::vector<double> &values);

} // namespace cnnc::test

#endif // CNNC_TESTS_SPECLIBRARY_H
