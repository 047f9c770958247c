#!/usr/bin/env bash
# Installs cnnc into a temporary prefix and builds the example applications out of tree against
# it. Their predictions must equal cnn predict's; two-models must run alone, needing no file of
# cnnc's; a moved prefix must still compile models and build the apps, here under ASan and UBSan.
# Usage: example-apps.sh BUILD_DIR WORK_DIR
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/fail-loudly.sh
source "$(dirname "$0")/../../scripts/lib/fail-loudly.sh"

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(cd "${1:?usage: example-apps.sh BUILD_DIR WORK_DIR}" && pwd)
work=${2:?usage: example-apps.sh BUILD_DIR WORK_DIR}
book_model=$source_dir/../shared/models/best-cnn-model.keras
count=10
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() {
  echo "example-apps: $*" >&2
  exit 1
}

# build_app FOLDER PREFIX BUILD [CMAKE ARGUMENTS...]: configures and builds an example in BUILD.
build_app() {
  local folder=$1 prefix=$2 build=$3
  shift 3
  if ! { cmake -S "$source_dir/examples/apps/$folder" -B "$build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=Release "$@" && cmake --build "$build"; } >"$build.log" 2>&1; then
    cat "$build.log" >&2
    fail "building $folder against $prefix failed"
  fi
  echo "built $folder against $prefix"
}

# reference PREFIX LIBRARY WEIGHTS: "index class probability" of the first images, from cnn predict.
reference() {
  local i
  for ((i = 0; i < count; i++)); do
    "$1/bin/cnn" predict "$2" --weights "$3" --data fashion-mnist --index "$i" |
      awk -v i="$i" '/<- largest/ { print i, NR - 1, $(NF - 2) }'
  done
}

# same_predictions WHAT REFERENCE ACTUAL: the classes equal, the probabilities within 1e-6.
same_predictions() {
  awk -v what="$1" -v count="$count" '
    NR == FNR { class[$1] = $2; p[$1] = $3; next }
    {
      seen++
      if (!($1 in class) || class[$1] != $2 || p[$1] - $3 > 1e-6 || $3 - p[$1] > 1e-6) {
        bad++
        print what ": image " $1 ": class " $2 " (" $3 "), cnn predict: class " class[$1] \
          " (" p[$1] ")"
      }
    }
    END {
      if (bad || seen != count) { print what ": " seen " lines, " bad + 0 " differ"; exit 1 }
      print what ": " seen " images, the classes of cnn predict, probabilities within 1e-6"
    }' "$2" "$3"
}

# model_lines MODEL FILE: two-models' lines of one model as "index class probability".
model_lines() { awk -v model="$1" '$2 == model { print $1, $3, $4 }' "$2"; }

prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log"
echo "installed into $prefix"

# The second model's weights: one epoch of the dense network.
"$prefix/bin/cnnc" "$source_dir/examples/apps/two-models-cpp/mlp.cnn" -o "$work/mlp.so"
"$prefix/bin/cnn" train "$work/mlp.so" --data fashion-mnist --epochs 1 --seed 1 \
  -o "$work/mlp.safetensors" >"$work/train.log"
# Its kernels tuned a little by the installed cnn-tune, for cnnc_add_model's SCHEDULE.
"$prefix/bin/cnn-tune" "$source_dir/examples/apps/two-models-cpp/mlp.cnn" --log "$work/mlp.jsonl" \
  --trials 2 --runs 2 --threads 1 >"$work/tune.log"

# 1. Both apps against the installed prefix give cnn predict's answers.
build_app classify-c "$prefix" "$work/classify" -DCLASSIFY_MODEL="$book_model"
models=$work/classify/fashion_cnn.cnnc
book_weights=$models/fashion_cnn.safetensors
reference "$prefix" "$models/fashion_cnn.so" "$book_weights" >"$work/book.expected"
reference "$prefix" "$work/mlp.so" "$work/mlp.safetensors" >"$work/mlp.expected"
"$work/classify/classify" "$book_weights" "$count" >"$work/classify.out"
same_predictions classify-c "$work/book.expected" "$work/classify.out"

build_app two-models-cpp "$prefix" "$work/two" -DBOOK_MODEL="$book_model" \
  -DMLP_WEIGHTS="$work/mlp.safetensors" -DMLP_SCHEDULE="$work/mlp.jsonl"
two_models=$work/two/two-models
grep -rq --include='*.make' --include=build.ninja -- "--schedule=$work/mlp.jsonl" "$work/two" ||
  fail "cnnc_add_model(... SCHEDULE ...) did not pass the log to cnnc"

# 2. Each static model defines only its entry point; the program links no cnnc library.
program_symbols=$(nm "$two_models")
for model in fashion_cnn mlp; do
  symbols=$(nm -g --defined-only "$work/two/$model.cnnc/$model.a" | awk 'NF == 3 { print $3 }')
  [[ $symbols == "cnnc_model_$model" ]] ||
    fail "$model.a defines '$symbols', not only cnnc_model_$model"
  [[ $program_symbols == *" T cnnc_model_$model"$'\n'* ]] ||
    fail "two-models lacks cnnc_model_$model"
done
kernel='[[:space:]][[:upper:]][[:space:]](layer|train)[0-9]+_'
[[ ! $program_symbols =~ $kernel ]] ||
  fail "two-models has a global kernel symbol: ${BASH_REMATCH[0]}"
echo "fashion_cnn.a and mlp.a each define only their entry point; two-models has no global kernel"
libraries=$(ldd "$two_models")
[[ $libraries != *cnnrt* && $libraries != *cnnc* ]] ||
  fail "two-models needs a cnnc library: $libraries"
echo "ldd two-models: no cnnc library"

# 3. The prefix moved: cnnc still compiles, cnn still runs, the apps still build.
mv "$prefix" "$prefix-moved"
prefix=$prefix-moved
"$prefix/bin/cnnc" "$source_dir/examples/fashion_cnn.cnn" -o "$work/moved.so" --inference-only
"$prefix/bin/cnn" summary "$work/moved.so" >/dev/null
echo "the moved prefix's cnnc compiled a model and its cnn opened it"

# The pkg-config recipes of docs/deploying.md, against the moved prefix: classify.c linked with a
# shared model and the shared runtime, then with a static model (weights inside) and the archive.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cnnc=$(pkg-config --variable=cnnc cnnc)
libdir=$(pkg-config --variable=libdir cnnc)
mkdir "$work/pc"
"$cnnc" "$book_model" -o "$work/pc/fashion_cnn.so" --name=fashion_cnn --inference-only
# shellcheck disable=SC2046 # pkg-config's flags are words
cc -std=c99 -Werror "$source_dir/examples/apps/classify-c/classify.c" -I"$work/pc" \
  "$work/pc/fashion_cnn.so" $(pkg-config --cflags --libs cnnc) -Wl,-rpath,"$libdir:$work/pc" \
  -o "$work/pc/classify-shared"
"$cnnc" "$book_model" -o "$work/pc/fashion_cnn.a" --name=fashion_cnn --inference-only \
  --embed-weights
# shellcheck disable=SC2046
cc -std=c99 -Werror -c "$source_dir/examples/apps/classify-c/classify.c" -I"$work/pc" \
  $(pkg-config --cflags cnnc) -o "$work/pc/classify.o"
# shellcheck disable=SC2046
c++ "$work/pc/classify.o" "$work/pc/fashion_cnn.a" $(pkg-config --libs cnnc-static) \
  -o "$work/pc/classify-static"
for form in shared static; do
  "$work/pc/classify-$form" "$work/pc/fashion_cnn.safetensors" "$count" >"$work/pc/$form.out"
  same_predictions "classify-c (pkg-config, $form)" "$work/book.expected" "$work/pc/$form.out"
done

# 2, continued: the program alone in an empty folder, the prefix it was built with gone.
mkdir "$work/alone"
cp "$two_models" "$work/alone/"
(cd "$work/alone" && env -i PATH=/usr/bin:/bin ./two-models "$count") >"$work/two.out"
same_predictions "two-models (fashion_cnn, alone)" "$work/book.expected" \
  <(model_lines fashion_cnn "$work/two.out")
same_predictions "two-models (mlp, alone)" "$work/mlp.expected" <(model_lines mlp "$work/two.out")

# 3 and 5: both apps built against the moved prefix, run under AddressSanitizer and
# UndefinedBehaviorSanitizer (any report ends the program with an error).
build_app classify-c "$prefix" "$work/classify-asan" -DCLASSIFY_MODEL="$book_model" \
  -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="$sanitize"
"$work/classify-asan/classify" "$book_weights" "$count" >"$work/classify-asan.out"
same_predictions "classify-c (sanitized)" "$work/book.expected" "$work/classify-asan.out"
build_app two-models-cpp "$prefix" "$work/two-asan" -DBOOK_MODEL="$book_model" \
  -DMLP_WEIGHTS="$work/mlp.safetensors" -DCMAKE_CXX_FLAGS="$sanitize" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize"
"$work/two-asan/two-models" "$count" >"$work/two-asan.out"
same_predictions "two-models (fashion_cnn, sanitized)" "$work/book.expected" \
  <(model_lines fashion_cnn "$work/two-asan.out")
same_predictions "two-models (mlp, sanitized)" "$work/mlp.expected" \
  <(model_lines mlp "$work/two-asan.out")
echo "example-apps: passed"
