#!/usr/bin/env bash
# Configures and builds cnnc (Release, Ninja): scripts/build.sh [FOLDER [CMAKE OPTIONS...]], in
# build/ unless FOLDER is given (scripts/test.sh builds the sanitized suite in build-asan/).
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"
cd "$(dirname "$0")/.."
folder=build
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  folder=$1
  shift
fi
started=$SECONDS
cmake -S . -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$folder" -j "$(nproc)"
echo "build: $folder done in $((SECONDS - started)) s"
