#!/usr/bin/env bash
# Builds and starts trayotp on a fresh Debian 12 / Ubuntu machine, installing
# what it needs first. Arguments go to trayotp, e.g. `scripts/run.sh list`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps >&2
# Both executables: the lean `trayotp` starts `trayotp-gui` beside it for
# the tray and the forms (`cargo run` would build only the first).
cargo build --release --locked --quiet --bins
exec "${CARGO_TARGET_DIR:-target}/release/trayotp" "$@"
