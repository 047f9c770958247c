#!/usr/bin/env bash
# Installs every Debian 12 package cnnc needs to build, test and run (idempotent; run as root).
set -euo pipefail

packages=(
  build-essential cmake ninja-build python3 binutils zlib1g-dev  # toolchain
  llvm-14-dev llvm-14-tools libmlir-14-dev mlir-14-tools          # LLVM, MLIR, FileCheck, lit
  libhalide14-0-dev                                               # Halide (uses the same LLVM 14)
  libgtest-dev nlohmann-json3-dev libcli11-dev                    # tests, JSON, command lines
  libhdf5-dev libzip-dev pkg-config                               # Keras import (.h5, .keras)
  libcairo2-dev libgraphviz-dev                                   # plots (PNG) and layer graphs
  clang-format                                                    # the project's formatting
  python3-numpy                                                   # tests: NumPy's RandomState
  dataset-fashion-mnist                                           # the book's data set
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

# Debian ships one libmlir-N-dev at a time; another version would block MLIR 14.
other_mlir=$(dpkg-query -W -f='${Package} ${Status}\n' 'libmlir-*-dev' 2>/dev/null |
  awk '/install ok installed/ && $1 != "libmlir-14-dev" {print $1}')
if [ -n "$other_mlir" ]; then
  echo "setup: $other_mlir is installed; cnnc needs libmlir-14-dev. Remove it first:" >&2
  echo "  apt-get remove $other_mlir" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run this script as root to install them" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
