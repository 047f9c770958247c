#!/usr/bin/env bash
# Sets up, builds, and runs every test (GoogleTest suites and the lit/FileCheck tests).
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd build
if ! ctest --output-on-failure -j "$(nproc)"; then
  echo "test: tests failed; their output is above and in build/Testing/Temporary/LastTest.log" >&2
  exit 1
fi
