#!/usr/bin/env bash
# Installs every Debian 12 package that CQRS Studio needs to build, run and
# test. Idempotent: does nothing (and needs no privileges) when all is present.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build g++ pkg-config
  # Qt 6 (Widgets, Charts, Svg, Test); Charts needs the OpenGL dev files
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev
  libxkbcommon-dev libvulkan-dev libgl-dev
  # lupdate, which extracts the translation template (translations/)
  qt6-l10n-tools
  # model layer and run history
  nlohmann-json3-dev libsqlite3-dev
  # cqrs-sim's sub-commands and options
  libcli11-dev
  # the package (dpkg-shlibdeps) and the validators of its desktop files and man pages
  dpkg-dev desktop-file-utils appstream shared-mime-info libxml2-utils groff-base
  # the formatting check of CI (packaging/format-check.sh)
  clang-format
  # fonts so that offscreen screenshots show text
  fonts-dejavu-core
  # benchmark baseline (issue: engine speed against SimPy)
  python3 python3-simpy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are present."
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
