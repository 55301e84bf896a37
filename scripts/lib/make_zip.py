#!/usr/bin/env python3
"""Writes a zip that depends only on its files' names and bytes.

Usage: make_zip.py OUT.zip BASE FOLDER. Zips BASE/FOLDER/** with names
FOLDER/..., sorted, each stamped with SOURCE_DATE_EPOCH (the release
script sets it), mode 0644, deflated, no extra fields: two builds of the
same files give the same zip, on Linux and on a Windows runner alike.
"""

import os
import sys
import time
import zipfile
from pathlib import Path


def main():
    if len(sys.argv) != 4:
        print("usage: make_zip.py OUT.zip BASE FOLDER", file=sys.stderr)
        return 2
    out, base, folder = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    # Zip times start in 1980 and are local-time fields: UTC, clamped.
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    files = sorted(p for p in (base / folder).rglob("*") if p.is_file())
    if not files:
        print(f"make_zip: no files in {base / folder}", file=sys.stderr)
        return 1
    temp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(base).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix: the mode above is what unzip restores
            archive.writestr(info, path.read_bytes())
    os.replace(temp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
