#!/usr/bin/env bash
# Quick start: installs what is missing, builds (Release, into build/) and
# starts CQRS Studio on the built-in user-profile example.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cqrs_setup_and_build

example="$cqrs_root/resources/examples/user-profile.cqrs.json"
studio="$cqrs_build/app/cqrs-studio/cqrs-studio"
if [ -x "$studio" ]; then
  exec "$studio" "$@"
fi
# Until the desktop application exists, check the example from the command line.
exec "$cqrs_build/app/cqrs-sim/cqrs-sim" validate "$example"
