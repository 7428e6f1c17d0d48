# Shared by run.sh and test.sh: install what is missing, configure, build.
# Sourced, not run.
set -euo pipefail

cqrs_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cqrs_build=${CQRS_BUILD_DIR:-$cqrs_root/build}

cqrs_setup_and_build() {
  "$cqrs_root/packaging/install-deps.sh"
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  # Configured when the tree is new, and again whenever CQRS_CMAKE_ARGS is set
  # (so that an existing tree takes the arguments, e.g. CI's warnings as errors).
  if [ ! -f "$cqrs_build/CMakeCache.txt" ] || [ -n "${CQRS_CMAKE_ARGS:-}" ]; then
    # shellcheck disable=SC2086 # CQRS_CMAKE_ARGS holds several arguments
    cmake -S "$cqrs_root" -B "$cqrs_build" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CQRS_CMAKE_ARGS:-}
  fi
  cmake --build "$cqrs_build" --parallel "$jobs"
}
