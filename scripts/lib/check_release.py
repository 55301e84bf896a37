#!/usr/bin/env python3
"""Checks a release folder (scripts/build-windows-release.sh's dist/).

Usage: check_release.py DIST. Every line of SHA256SUMS names a file of DIST
whose SHA-256 is the one written; the zip and the setup.exe are both
listed; the filled winget and Scoop manifests (scripts/lib/check_manifests.py)
carry the same version and those very hashes. Exits 1 naming the first
mismatch. `--self-test DIST` also checks that a changed byte is caught.
"""

import hashlib
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_manifests  # noqa: E402


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(dist):
    sums = dist / "SHA256SUMS"
    if not sums.is_file():
        return [f"no SHA256SUMS in {dist}"]
    problems, listed = [], {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](\S+)", line)
        if not match:
            problems.append(f"SHA256SUMS: malformed line {line!r}")
            continue
        want, name = match.groups()
        listed[name] = want
        path = dist / name
        if not path.is_file():
            problems.append(f"SHA256SUMS lists {name}, which is not in {dist}")
        elif sha256(path) != want:
            problems.append(f"{name}: SHA-256 is {sha256(path)}, SHA256SUMS says {want}")
    zips = [n for n in listed if n.endswith("-x86_64-windows.zip")]
    setups = [n for n in listed if n.endswith("-setup.exe")]
    if len(zips) != 1 or len(setups) != 1:
        problems.append(f"SHA256SUMS should list one zip and one setup.exe, lists {sorted(listed)}")
        return problems
    version = re.fullmatch(r"trayotp-(.+)-setup\.exe", setups[0]).group(1)
    problems += check_manifests.check_filled(
        dist / "winget", dist / "scoop" / "trayotp.json", version, listed[setups[0]], listed[zips[0]]
    )
    return problems


def main():
    args = sys.argv[1:]
    self_test = args[:1] == ["--self-test"]
    if self_test:
        args = args[1:]
    if len(args) != 1:
        print("usage: check_release.py [--self-test] DIST", file=sys.stderr)
        return 2
    dist = Path(args[0])
    problems = check(dist)
    for problem in problems:
        print(f"check_release: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check_release: ok (SHA256SUMS matches the zip and setup.exe; the manifests carry the same hashes)")
    if self_test:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "dist"
            shutil.copytree(dist, copy, ignore=shutil.ignore_patterns("trayotp-*-x86_64-windows"))
            setup = next(copy.glob("*-setup.exe"))
            data = bytearray(setup.read_bytes())
            data[len(data) // 2] ^= 0xFF
            setup.write_bytes(bytes(data))
            caught = check(copy)
        if not any(setup.name in p for p in caught):
            print(f"check_release self-test: FAIL: a changed byte in {setup.name} was not caught", file=sys.stderr)
            return 1
        print("check_release self-test: ok (a changed byte in setup.exe is caught)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
