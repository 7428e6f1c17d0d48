#!/bin/sh
# fuzz.smoke.clang: a few seconds of real fuzzing in an ordinary (GCC) build.
# Builds only the harnesses (and the libraries they need) with clang,
# libFuzzer and the address and undefined-behaviour sanitizers in a build
# folder of their own, then fuzzes each for SECONDS seconds. Without clang++
# and libFuzzer it exits 77, which CTest counts as skipped.
#
# Usage: smoke.sh SOURCE_DIR BUILD_DIR GENERATOR LAUNCHER SECONDS HARNESS...
set -eu
source_dir=$1
build_dir=$2
generator=$3
launcher=$4
seconds=$5
shift 5

clangxx=${CQRS_FUZZ_CLANGXX:-clang++}
if ! command -v "$clangxx" >/dev/null 2>&1; then
    echo "skipped: no $clangxx on this machine (install clang to fuzz; tests/fuzz/README.md)"
    exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
cat > "$probe/probe.cpp" <<'PROBE'
#include <cstddef>
#include <cstdint>
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *, std::size_t) { return 0; }
PROBE
if ! "$clangxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" \
        >"$probe/log" 2>&1; then
    echo "skipped: $clangxx cannot build a libFuzzer harness here:"
    cat "$probe/log"
    exit 77
fi

echo "== configuring the clang build of the harnesses in $build_dir"
cmake -S "$source_dir" -B "$build_dir" -G "$generator" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$clangxx" \
    -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
    -DCQRS_BUILD_FUZZERS=ON -DCQRS_BUILD_GUI=OFF -DCQRS_BUILD_TESTS=OFF \
    -DCQRS_BUILD_BENCHMARKS=OFF -DCQRS_WARNINGS_AS_ERRORS=OFF \
    -DCQRS_FUZZ_SMOKE_SECONDS="$seconds" >"$build_dir.configure.log" 2>&1 \
    || { cat "$build_dir.configure.log"; exit 1; }
echo "== building $*"
cmake --build "$build_dir" --target "$@"
echo "== fuzzing each for $seconds s"
ctest --test-dir "$build_dir" -L fuzz --output-on-failure
