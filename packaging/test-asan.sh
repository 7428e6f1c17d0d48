#!/usr/bin/env bash
# The test suite again under the address and undefined-behaviour sanitizers
# (CMake preset `asan`, -O1 -g1, built with warnings as errors like the `dev`
# preset). Run it after packaging/test.sh, which installs the dependencies.
#
#   packaging/test-asan.sh                the whole suite, into build/asan
#   packaging/test-asan.sh --without-gui  model, simulator, history, cqrs-sim
#                                         and their tests only, into
#                                         build/asan-core (a quicker check:
#                                         the Qt Widgets code is most of the
#                                         sanitized build's time)
#
# Further arguments go to ctest. -O1 -g1 is cheaper than RelWithDebInfo's
# -O2 -g and still gives file:line in stack traces (measured on
# model/src/modeljson.cpp: 9.7 CPU s at -O1 -g1, 12.6 at -O1 -g, 22.4 at -O2 -g).
# Excluded, with the reason:
#  - tst_sim_oom, tst_run_oom: they run a child under an address-space limit
#    (ulimit -v); AddressSanitizer reserves terabytes of address space at
#    start, so the child cannot start at all under that limit.
#  - fuzz.smoke.clang: it builds its own sanitized harnesses with clang.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

build=build/asan
gui=ON
if [ "${1:-}" = "--without-gui" ]; then
  shift
  build=build/asan-core
  gui=OFF
fi

# Configured every time, so that a tree from an older preset takes the
# preset's current flags (cheap when nothing changed).
# shellcheck disable=SC2086 # CQRS_CMAKE_ARGS holds several arguments
cmake --preset asan -B "$build" -DCQRS_BUILD_GUI="$gui" -DCQRS_WARNINGS_AS_ERRORS=ON ${CQRS_CMAKE_ARGS:-}
cmake --build "$build" --parallel "$jobs"

export QT_QPA_PLATFORM=offscreen
# Stop at the first finding; leaks are not checked: Qt and fontconfig keep
# caches until exit by design, which LeakSanitizer would report in every GUI test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure --parallel "$jobs" \
  --exclude-regex '^(tst_sim_oom|tst_run_oom|fuzz\.smoke\.clang)$' "$@"
