#!/usr/bin/env bash
# The GitHub workflows and the packaging manifests, checked in seconds
# (run by scripts/test.sh):
#   - actionlint on .github/workflows/*.yml (installed by .ci/install-deps);
#   - every command a workflow runs exists (scripts/lib/check_workflows.py);
#   - the winget and Scoop manifests' fields (scripts/lib/check_manifests.py);
#   - the user guides: sections, screenshots, links (scripts/lib/check_guides.py);
# each checker also proves it catches a broken input (--self-test).
set -euo pipefail
cd "$(dirname "$0")/.."

actionlint=$(command -v actionlint || true)
tools="${TRAYOTP_TOOLS:-$HOME/.cache/trayotp-tools}"
if [ -z "$actionlint" ] && [ -x "$tools/venv/bin/actionlint" ]; then actionlint="$tools/venv/bin/actionlint"; fi
[ -n "$actionlint" ] || { echo "check-packaging: actionlint not found: run .ci/install-deps" >&2; exit 1; }
# actionlint runs shellcheck on the run: blocks when it is installed.
"$actionlint" -version | head -n 1
"$actionlint" .github/workflows/*.yml
echo "actionlint: ok (.github/workflows/ci.yml, release.yml)"
python3 scripts/lib/check_workflows.py
python3 scripts/lib/check_workflows.py --self-test
python3 scripts/lib/check_manifests.py --self-test
python3 scripts/lib/release_notes.py README.md >/dev/null
echo "release notes: the README's install section is there"
python3 scripts/lib/check_guides.py
