#!/usr/bin/env bash
# Configures and builds cnnc in build/ (Release, Ninja).
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
cd "$(dirname "$0")/.."
started=$SECONDS
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build build -j "$(nproc)"
echo "build: done in $((SECONDS - started)) s"
