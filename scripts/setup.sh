#!/usr/bin/env bash
# Installs every Debian 12 package cnnc needs to build, test and run (idempotent; run as root).
# shellcheck source-path=SCRIPTDIR source=lib/fail-loudly.sh
source "$(dirname "$0")/lib/fail-loudly.sh"

packages=(
  build-essential cmake ninja-build python3 binutils zlib1g-dev  # toolchain
  llvm-14-dev llvm-14-tools libmlir-14-dev mlir-14-tools          # LLVM, MLIR, FileCheck, lit
  libhalide14-0-dev                                               # Halide (uses the same LLVM 14)
  libgtest-dev nlohmann-json3-dev libcli11-dev                    # tests, JSON, command lines
  libhdf5-dev libzip-dev pkg-config                               # Keras import (.h5, .keras)
  libcairo2-dev libgraphviz-dev                                   # plots (PNG) and layer graphs
  libpng-dev libjpeg-dev                                          # image folders (PNG, JPEG)
  openmpi-bin libopenmpi-dev                                      # data-parallel training (mpirun)
  clang-format shellcheck                                         # formatting, script checks
  clang-14 libclang-rt-14-dev util-linux mount                    # fuzzing, full-disk tests
  python3-numpy                                                   # tests: NumPy arrays, RandomState
  dataset-fashion-mnist                                           # the book's data set
)

# Prints the packages matching the patterns that are installed. dpkg-query exits 1 when a pattern
# matches no package it has heard of, which here only means none is installed.
installed_packages() {
  dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null |
    awk '$NF == "installed" {print $1}' || true
}

installed=" $(installed_packages "${packages[@]}" | tr '\n' ' ') "
missing=()
for package in "${packages[@]}"; do
  [[ $installed == *" $package "* ]] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

# Debian ships one libmlir-N-dev at a time; another version would block MLIR 14.
other_mlir=$(installed_packages 'libmlir-*-dev' | grep -vx 'libmlir-14-dev' | paste -sd ' ' || true)
if [ -n "$other_mlir" ]; then
  echo "setup: $other_mlir is installed; cnnc needs libmlir-14-dev. Remove it first:" \
    "apt-get remove $other_mlir" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run this script as root to install them" >&2
  exit 1
fi
echo "setup: installing the missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
started=$SECONDS
if ! apt-get update -qq; then
  echo "setup: 'apt-get update' failed: Debian's package lists could not be read (apt-get's" \
    "messages are above)" >&2
  exit 1
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "setup: 'apt-get install' of ${missing[*]} failed (apt-get's messages are above;" \
    "dpkg's are in /var/log/apt/term.log)" >&2
  exit 1
fi
echo "setup: installed them in $((SECONDS - started)) s"
