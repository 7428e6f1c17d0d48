#!/usr/bin/env bash
# clang-format check (the root .clang-format) of the C++ files listed in
# packaging/clang-format-files.txt: the files that were formatted when the
# check came in (most of the tree predates it). Format a file with
# `clang-format -i FILE` and it can join the list; `--update` rewrites the
# list with every tracked .cpp/.h file that passes today.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
list=$root/packaging/clang-format-files.txt
cd "$root"

if ! command -v clang-format >/dev/null 2>&1; then
  echo "format-check: clang-format is missing (packaging/install-deps.sh installs it)" >&2
  exit 1
fi

if [ "${1:-}" = "--update" ]; then
  {
    echo "# Files the clang-format check covers (packaging/format-check.sh --update)."
    git ls-files '*.cpp' '*.h' | while read -r f; do
      if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then echo "$f"; fi
    done
  } > "$list"
  echo "format-check: $(grep -vc '^#' "$list") files listed in ${list#"$root"/}"
  exit 0
fi

failed=0
checked=0
while read -r f; do
  case $f in '' | '#'*) continue ;; esac
  if [ ! -f "$f" ]; then
    echo "format-check: $f is listed but missing (update the list)" >&2
    failed=1
    continue
  fi
  checked=$((checked + 1))
  if ! clang-format --dry-run --Werror "$f" 2>/dev/null; then
    echo "format-check: $f is not formatted: clang-format -i $f" >&2
    failed=1
  fi
done < "$list"
if [ $failed -ne 0 ]; then
  exit 1
fi
echo "format-check: $checked files formatted as .clang-format says"
