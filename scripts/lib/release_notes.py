#!/usr/bin/env python3
"""Prints the README's section on installing, as a release's notes.

Usage: release_notes.py README.md. The section is the one headed
"## Installing on Windows", up to the next heading ("### Building a
release" and what follows are for developers), with OWNER/REPO replaced by
$GITHUB_REPOSITORY when it is set. Exits 1 when the README has no such
section.
"""

import os
import sys
from pathlib import Path

HEADING = "## Installing on Windows"


def section(text):
    lines, inside = [], False
    for line in text.splitlines():
        if line.strip() == HEADING:
            inside = True
            continue
        if inside and line.startswith(("## ", "### ")):
            break
        if inside:
            lines.append(line)
    return "\n".join(lines).strip()


def main():
    if len(sys.argv) != 2:
        print("usage: release_notes.py README.md", file=sys.stderr)
        return 2
    notes = section(Path(sys.argv[1]).read_text(encoding="utf-8"))
    if not notes:
        print(f"release_notes: no '{HEADING}' section in {sys.argv[1]}", file=sys.stderr)
        return 1
    repository = os.environ.get("GITHUB_REPOSITORY")
    if repository:
        notes = notes.replace("OWNER/REPO", repository)
    print(notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
