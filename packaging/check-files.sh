#!/usr/bin/env bash
# Checks the desktop integration files and man pages with their validators
# (desktop-file-utils, appstream, shared-mime-info, groff), each where installed.
set -uo pipefail
dir=${1:-$(dirname "${BASH_SOURCE[0]}")}
failed=0
checked=0

check() { # name, command...
  local name=$1; shift
  local out
  if ! out=$("$@" 2>&1); then
    echo "FAIL $name:"; echo "$out"; failed=1
  else
    echo "ok   $name"
  fi
  checked=$((checked + 1))
}

if command -v desktop-file-validate >/dev/null; then
  check "desktop entry" desktop-file-validate "$dir/cqrs-studio.desktop"
fi
if command -v appstreamcli >/dev/null; then
  check "AppStream metainfo" appstreamcli validate --no-net --explain "$dir/io.cqrsstudio.CqrsStudio.metainfo.xml"
fi
if command -v xmllint >/dev/null; then
  check "MIME types (well-formed)" xmllint --noout "$dir/io.cqrsstudio.CqrsStudio.mime.xml"
fi
if command -v update-mime-database >/dev/null; then
  # Build a private MIME database from our file: it must parse and map the globs.
  tmp=$(mktemp -d)
  mkdir -p "$tmp/packages"
  cp "$dir/io.cqrsstudio.CqrsStudio.mime.xml" "$tmp/packages/"
  check "MIME database" update-mime-database "$tmp"
  check "MIME globs" grep -q "application/x-cqrs-model:\*.cqrs.json" "$tmp/globs2"
  check "MIME globs (challenge)" grep -q "application/x-cqrs-challenge:\*.challenge.json" "$tmp/globs2"
  rm -rf "$tmp"
fi
for page in "$dir"/man/*.1; do
  if command -v groff >/dev/null; then
    check "man page $(basename "$page")" bash -c "out=\$(groff -man -ww -z '$page' 2>&1); [ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }"
  fi
done
grep -q "x-cqrs-model" "$dir/cqrs-studio.desktop" || { echo "FAIL desktop entry lacks the model MIME type"; failed=1; }

echo "checked $checked files"
exit $failed
