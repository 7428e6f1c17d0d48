#!/usr/bin/env bash
# Quick start: installs what is missing, builds (Release, into build/) and
# starts CQRS Studio: on the file given as argument, else on the file worked on
# last, else on the user-profile example (resources/examples/user-profile.cqrs.json,
# embedded in the application and opened as an untitled copy, so that Save never
# overwrites the example in the source tree).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cqrs_setup_and_build

exec "$cqrs_build/app/cqrs-studio/cqrs-studio" "$@"
