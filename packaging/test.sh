#!/usr/bin/env bash
# Quick start: installs what is missing, builds (Release, into build/) and runs
# every test with CTest on Qt's offscreen platform.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cqrs_setup_and_build

export QT_QPA_PLATFORM=offscreen
cd "$cqrs_build"
ctest --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" "$@"
