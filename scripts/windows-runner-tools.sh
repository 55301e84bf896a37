#!/usr/bin/env bash
# On a GitHub Windows runner (Git Bash): puts what scripts/build-windows-release.sh
# needs on the PATH of the following steps.
#   makensis: the NSIS of the runner image (C:\Program Files (x86)\NSIS);
#             installed with Chocolatey only if the image lacks it;
#   pandoc:   makes the guides' HTML; not on the image, installed with Chocolatey.
#   PyYAML:   for scripts/lib/check_release.py, from PyPI.
# Python, sha256sum (Git Bash), signtool (Windows SDK) are on the image.
set -euo pipefail

add_path() {
  export PATH="$1:$PATH"
  if [ -n "${GITHUB_PATH:-}" ]; then cygpath -w "$1" >>"$GITHUB_PATH"; fi
}

nsis="/c/Program Files (x86)/NSIS"
if ! command -v makensis >/dev/null && ! [ -x "$nsis/makensis.exe" ]; then
  echo "windows-runner-tools: NSIS is not on this image; installing it with Chocolatey" >&2
  choco install nsis --no-progress -y >&2
fi
if ! command -v makensis >/dev/null; then add_path "$nsis"; fi

if ! command -v pandoc >/dev/null; then
  choco install pandoc --no-progress -y >&2
  add_path "/c/Program Files/Pandoc"
fi

# PyYAML, for scripts/lib/check_release.py (the manifests are YAML).
python -c 'import yaml' 2>/dev/null || python -m pip install --quiet pyyaml

makensis -VERSION
echo
pandoc --version | head -n 1
