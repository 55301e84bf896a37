#!/usr/bin/env python3
"""Checks the packaging manifests' fields (packaging/winget, packaging/scoop).

The winget schemas (microsoft/winget-cli, schemas/JSON/manifests/v1.9.0) and
Scoop's are not shipped by any package this project can install, so this
checks, field by field, what they require of trayotp's manifests: the four
winget files (version, installer, defaultLocale, and the ja-JP locale) with
their required fields, ManifestType and ManifestVersion, the identifier and
SHA-256 patterns, InstallerType nullsoft, Scope user and the silent
switches; Scoop's url/hash/extract_dir, `bin` trayotp.com, the shortcut to
trayotp.exe, and no `persist` (the data lives in %APPDATA%).

  check_manifests.py                 the templates in packaging/
  check_manifests.py --self-test     also: broken manifests are caught
check_release.py calls check_filled() on the release script's output.
"""

import json
import re
import sys
from pathlib import Path

import yaml

ID = "trayotp.trayotp"
MANIFEST_VERSION = "1.9.0"
# winget-cli's patterns for PackageIdentifier and InstallerSha256.
ID_RE = re.compile(r'^[^\.\s\\/:\*\?"<>\|\x01-\x1f]{1,32}(\.[^\.\s\\/:\*\?"<>\|\x01-\x1f]{1,32}){1,7}$')
SHA_RE = re.compile(r"^[A-Fa-f0-9]{64}$")
FILES = {
    f"{ID}.yaml": ("version", ["PackageIdentifier", "PackageVersion", "DefaultLocale"]),
    f"{ID}.installer.yaml": ("installer", ["PackageIdentifier", "PackageVersion", "Installers"]),
    f"{ID}.locale.en-US.yaml": (
        "defaultLocale",
        ["PackageIdentifier", "PackageVersion", "PackageLocale", "Publisher", "PackageName", "License", "ShortDescription"],
    ),
    f"{ID}.locale.ja-JP.yaml": ("locale", ["PackageIdentifier", "PackageVersion", "PackageLocale"]),
}


def winget(folder, version=None, setup_sha=None):
    """Problems with the winget manifests in `folder`; filled ones when `version` is given."""
    problems = []
    names = sorted(p.name for p in folder.glob("*.yaml"))
    if names != sorted(FILES):
        return [f"{folder}: expected {sorted(FILES)}, found {names}"]
    docs = {}
    for name, (kind, required) in FILES.items():
        doc = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        docs[name] = doc
        where = f"{folder.name}/{name}"
        for field in required + ["ManifestType", "ManifestVersion"]:
            if doc.get(field) in (None, "", []):
                problems.append(f"{where}: {field} is missing")
        if doc.get("ManifestType") != kind:
            problems.append(f"{where}: ManifestType is {doc.get('ManifestType')!r}, expected {kind!r}")
        if doc.get("ManifestVersion") != MANIFEST_VERSION:
            problems.append(f"{where}: ManifestVersion is {doc.get('ManifestVersion')!r}, expected {MANIFEST_VERSION}")
        if doc.get("PackageIdentifier") != ID or not ID_RE.match(str(doc.get("PackageIdentifier"))):
            problems.append(f"{where}: PackageIdentifier is {doc.get('PackageIdentifier')!r}, expected {ID}")
        want_version = version if version is not None else "@VERSION@"
        if str(doc.get("PackageVersion")) != want_version:
            problems.append(f"{where}: PackageVersion is {doc.get('PackageVersion')!r}, expected {want_version!r}")
        for tag in doc.get("Tags") or []:
            if not 1 <= len(str(tag)) <= 40:
                problems.append(f"{where}: tag {tag!r} is not 1-40 characters")
        if len(doc.get("Tags") or []) > 16:
            problems.append(f"{where}: more than 16 tags")
        short = doc.get("ShortDescription")
        if short is not None and not 3 <= len(short) <= 256:
            problems.append(f"{where}: ShortDescription is not 3-256 characters")
    version_doc = docs[f"{ID}.yaml"]
    if version_doc.get("DefaultLocale") != "en-US":
        problems.append("the version manifest's DefaultLocale is not en-US")
    if docs[f"{ID}.locale.en-US.yaml"].get("PackageLocale") != "en-US":
        problems.append("the default locale is not en-US")
    if docs[f"{ID}.locale.ja-JP.yaml"].get("PackageLocale") != "ja-JP":
        problems.append("the Japanese locale's PackageLocale is not ja-JP")
    installer = docs[f"{ID}.installer.yaml"]
    if installer.get("InstallerType") != "nullsoft":
        problems.append(f"InstallerType is {installer.get('InstallerType')!r}, expected nullsoft")
    if installer.get("Scope") != "user":
        problems.append(f"Scope is {installer.get('Scope')!r}, expected user")
    switches = installer.get("InstallerSwitches") or {}
    for switch in ("Silent", "SilentWithProgress"):
        if switches.get(switch) != "/S":
            problems.append(f"InstallerSwitches.{switch} is {switches.get(switch)!r}, expected /S (NSIS)")
    entries = installer.get("Installers") or []
    if len(entries) != 1:
        problems.append(f"expected one installer, found {len(entries)}")
    for entry in entries:
        if entry.get("Architecture") != "x64":
            problems.append(f"Architecture is {entry.get('Architecture')!r}, expected x64")
        url = str(entry.get("InstallerUrl", ""))
        want_end = f"/v{version}/trayotp-{version}-setup.exe" if version else "/v@VERSION@/trayotp-@VERSION@-setup.exe"
        if not (url.startswith("https://") and url.endswith(want_end)):
            problems.append(f"InstallerUrl {url!r} is not https://…{want_end}")
        sha = str(entry.get("InstallerSha256", ""))
        if version is None:
            if sha != "@SETUP_SHA256@":
                problems.append(f"the template's InstallerSha256 is {sha!r}, expected the placeholder @SETUP_SHA256@")
        elif not SHA_RE.match(sha) or sha.lower() != (setup_sha or "").lower():
            problems.append(f"InstallerSha256 is {sha!r}, expected setup.exe's {setup_sha}")
    return problems


def scoop(path, version=None, zip_sha=None):
    """Problems with the Scoop manifest at `path`."""
    problems = []
    doc = json.loads(path.read_text(encoding="utf-8"))
    where = path.name
    want_version = version if version is not None else "@VERSION@"
    if doc.get("version") != want_version:
        problems.append(f"{where}: version is {doc.get('version')!r}, expected {want_version!r}")
    for field in ("description", "homepage", "license"):
        if not doc.get(field):
            problems.append(f"{where}: {field} is missing")
    arch = (doc.get("architecture") or {}).get("64bit") or {}
    url = str(arch.get("url", ""))
    zip_name = f"trayotp-{want_version}-x86_64-windows"
    if not (url.startswith("https://") and url.endswith(f"/{zip_name}.zip")):
        problems.append(f"{where}: url {url!r} is not https://…/{zip_name}.zip")
    if arch.get("extract_dir") != zip_name:
        problems.append(f"{where}: extract_dir is {arch.get('extract_dir')!r}, expected {zip_name}")
    sha = str(arch.get("hash", ""))
    if version is None:
        if sha != "@ZIP_SHA256@":
            problems.append(f"{where}: the template's hash is {sha!r}, expected the placeholder @ZIP_SHA256@")
    elif not SHA_RE.match(sha) or sha.lower() != (zip_sha or "").lower():
        problems.append(f"{where}: hash is {sha!r}, expected the zip's {zip_sha}")
    if doc.get("bin") != "trayotp.com":
        problems.append(f"{where}: bin is {doc.get('bin')!r}, expected trayotp.com")
    if doc.get("shortcuts") != [["trayotp.exe", "trayotp"]]:
        problems.append(f"{where}: shortcuts is {doc.get('shortcuts')!r}, expected one to trayotp.exe")
    if "persist" in doc:
        problems.append(f"{where}: persist is set; the data lives in %APPDATA%, not in Scoop's folder")
    leftovers = re.findall(r"@[A-Z0-9_]+@", json.dumps(doc)) if version else []
    if leftovers:
        problems.append(f"{where}: placeholders left: {sorted(set(leftovers))}")
    return problems


def check_filled(winget_dir, scoop_path, version, setup_sha, zip_sha):
    problems = winget(winget_dir, version, setup_sha) + scoop(scoop_path, version, zip_sha)
    for path in list(winget_dir.glob("*.yaml")) + [scoop_path]:
        left = sorted(set(re.findall(r"@[A-Z0-9_]+@", path.read_text(encoding="utf-8"))))
        if left:
            problems.append(f"{path.name}: placeholders left: {left}")
    return problems


def self_test(root):
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "packaging"
        shutil.copytree(root / "packaging", copy)
        installer = copy / "winget" / f"{ID}.installer.yaml"
        installer.write_text(
            installer.read_text(encoding="utf-8").replace("Scope: user", "Scope: machine"), encoding="utf-8"
        )
        scoop_path = copy / "scoop" / "trayotp.json"
        doc = json.loads(scoop_path.read_text(encoding="utf-8"))
        doc["persist"] = "data"
        doc["bin"] = "trayotp.exe"
        scoop_path.write_text(json.dumps(doc), encoding="utf-8")
        caught = winget(copy / "winget") + scoop(scoop_path)
    wanted = ["Scope is 'machine'", "persist is set", "bin is 'trayotp.exe'"]
    missing = [w for w in wanted if not any(w in p for p in caught)]
    if missing:
        print(f"check_manifests self-test: FAIL: not caught: {missing} (got {caught})", file=sys.stderr)
        return 1
    print(f"check_manifests self-test: ok ({len(caught)} problems found in broken manifests)")
    return 0


def main():
    root = Path(__file__).resolve().parents[2]
    problems = winget(root / "packaging" / "winget") + scoop(root / "packaging" / "scoop" / "trayotp.json")
    for problem in problems:
        print(f"check_manifests: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("check_manifests: ok (packaging/winget: 4 manifests incl. ja-JP, nullsoft, user, /S; packaging/scoop/trayotp.json)")
    if sys.argv[1:] == ["--self-test"]:
        return self_test(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
