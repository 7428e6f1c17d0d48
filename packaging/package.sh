#!/usr/bin/env bash
# Builds the Debian package cqrs-studio_<version>_amd64.deb (Release, with
# CPack) and prints its path as the last line. Installs what is missing first
# (dpkg-shlibdeps from dpkg-dev computes the package's dependencies).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export CQRS_BUILD_DIR=${CQRS_PACKAGE_BUILD_DIR:-$cqrs_root/build/package}
cqrs_build=$CQRS_BUILD_DIR
# The package holds the programs and their files; tests and benchmarks are not built.
export CQRS_CMAKE_ARGS="-DCQRS_BUILD_TESTS=OFF -DCQRS_BUILD_BENCHMARKS=OFF -DCMAKE_INSTALL_PREFIX=/usr"
cqrs_setup_and_build

cd "$cqrs_build"
cpack -G DEB >cpack.log 2>&1 || { cat cpack.log >&2; exit 1; }
deb=$(ls -t "$cqrs_build"/cqrs-studio_*_amd64.deb | head -n 1)
dpkg-deb --info "$deb" | sed -n '/Depends/p'
echo "$deb"
