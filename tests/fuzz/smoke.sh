#!/bin/sh
# fuzz.smoke.clang: a few seconds of real fuzzing in an ordinary (GCC) build.
# Builds only the harnesses (and the libraries they need) with clang,
# libFuzzer and the address and undefined-behaviour sanitizers in a build
# folder of their own, then fuzzes each for SECONDS seconds. Without clang++
# and libFuzzer it exits 77, which CTest counts as skipped.
#
# The clang build is unoptimised and without debug information (it only has
# to find crashes in a few seconds) and may take BUILD_SECONDS at most: on a
# slow or busy machine the test then skips, saying so, and the next run goes
# on from where the build stopped, so the suite never waits long for it.
#
# Usage: smoke.sh SOURCE_DIR BUILD_DIR GENERATOR LAUNCHER SECONDS BUILD_SECONDS HARNESS...
set -eu
source_dir=$1
build_dir=$2
generator=$3
launcher=$4
seconds=$5
build_seconds=$6
shift 6

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
    -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_COMPILER="$clangxx" \
    -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
    -DCQRS_BUILD_FUZZERS=ON -DCQRS_BUILD_GUI=OFF -DCQRS_BUILD_TESTS=OFF \
    -DCQRS_BUILD_BENCHMARKS=OFF -DCQRS_WARNINGS_AS_ERRORS=OFF \
    -DCQRS_FUZZ_SMOKE_SECONDS="$seconds" >"$build_dir.configure.log" 2>&1 \
    || { cat "$build_dir.configure.log"; exit 1; }
echo "== building $* (at most $build_seconds s)"
status=0
# One job: the suite runs beside it (ctest -j2) on a small machine.
  timeout "$build_seconds" cmake --build "$build_dir" --parallel 1 --target "$@" || status=$?
if [ "$status" = 124 ]; then
    echo "skipped: the clang build took more than $build_seconds s here; the next run goes on with it"
    exit 77
elif [ "$status" != 0 ]; then
    exit "$status"
fi
echo "== fuzzing each for $seconds s"
# What earlier smoke runs found stays out: each run starts from the seeds, so
# it does not grow slower run after run.
rm -rf "$build_dir/tests/fuzz/corpus"
mkdir -p "$build_dir/tests/fuzz/corpus"
for harness in "$@"; do
    mkdir -p "$build_dir/tests/fuzz/corpus/$harness"
done
ctest --test-dir "$build_dir" -L fuzz --output-on-failure
