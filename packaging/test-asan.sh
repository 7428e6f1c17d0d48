#!/usr/bin/env bash
# The whole test suite again under the address and undefined-behaviour
# sanitizers (CMake preset `asan`, built with warnings as errors like the
# `dev` preset), into build/asan. Run it after packaging/test.sh, which
# installs the dependencies. The preset compiles at -O1 -g1 (cheaper than
# RelWithDebInfo's -O2 -g, still file:line in the stack traces; measured on
# model/src/modeljson.cpp: 9.7 CPU s at -O1 -g1, 9.9 at -O1 -g0, 12.6 at
# -O1 -g, 22.4 at -O2 -g). CI does not
# run it yet (.ci/run gives the measured figures: about 40 minutes of build on
# two idle cores without ccache, most of it the Qt Widgets code).
# Excluded, with the reason:
#  - tst_sim_oom, tst_run_oom: they run a child under an address-space limit
#    (ulimit -v); AddressSanitizer reserves terabytes of address space at
#    start, so the child cannot start at all under that limit.
#  - fuzz.smoke.clang: it builds its own sanitized harnesses with clang.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

# Configured every time, so that a tree from an older preset takes the
# preset's current flags (cheap when nothing changed).
# shellcheck disable=SC2086 # CQRS_CMAKE_ARGS holds several arguments
cmake --preset asan -DCQRS_WARNINGS_AS_ERRORS=ON ${CQRS_CMAKE_ARGS:-}
cmake --build --preset asan --parallel "$jobs"

export QT_QPA_PLATFORM=offscreen
# Stop at the first finding; leaks are not checked: Qt and fontconfig keep
# caches until exit by design, which LeakSanitizer would report in every GUI test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build/asan --output-on-failure --parallel "$jobs" \
  --exclude-regex '^(tst_sim_oom|tst_run_oom|fuzz\.smoke\.clang)$' "$@"
