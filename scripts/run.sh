#!/usr/bin/env bash
# Builds and starts trayotp on a fresh Debian 12 / Ubuntu machine, installing
# what it needs first. Arguments go to trayotp, e.g. `scripts/run.sh list`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps >&2
exec cargo run --release --locked --quiet -- "$@"
