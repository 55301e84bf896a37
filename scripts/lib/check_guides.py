#!/usr/bin/env python3
"""Checks the user guides, docs/guide-ja.md and docs/guide-en.md.

Each guide must have its screenshots (every image it shows is a file in
docs/), its in-page links must lead to one of its headings (GitHub's and
pandoc's gfm ids), and it must cover what issue 19 asks of it: the
brokerage's STEP 1-5, SmartScreen's buttons, the same setup number in both
apps, the menu and the hotkey, the clock, backup and a new PC, and the three
questions. Exits 1 naming what is missing.
"""

import re
import sys
import unicodedata
from pathlib import Path

MUST = {
    "ja": ["STEP 1", "STEP 3", "STEP 4", "STEP 5", "「詳細情報」", "「実行」", "同じ設定用番号", "Ctrl+Alt+O",
           "パソコンの時計", "バックアップ", "trayotp restore", "### コードが合わない", "### アイコンが見えない",
           "### 設定用番号が登録できない", "「使い方」"],
    "en": ["STEP 1", "STEP 3", "STEP 4", "STEP 5", "More info", "Run anyway", "same setup number", "Ctrl+Alt+O",
           "clock", "Back up", "trayotp restore", "### The code is refused", "### I can't see the icon",
           "### The setup number is not accepted", "**Help**"],
}


def gfm_id(heading):
    """GitHub's heading id: lower case, punctuation out, spaces to hyphens."""
    text = heading.strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def check(docs):
    problems = []
    for lang, needles in MUST.items():
        path = docs / f"guide-{lang}.md"
        if not path.is_file():
            problems.append(f"{path} is missing")
            continue
        text = path.read_text(encoding="utf-8")
        for needle in needles:
            if needle not in text:
                problems.append(f"{path.name}: does not say {needle!r}")
        images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
        if len(images) < 6:
            problems.append(f"{path.name}: {len(images)} screenshots, expected at least 6")
        for image in images:
            if not (docs / image).is_file():
                problems.append(f"{path.name}: shows {image}, which is not in docs/")
        ids = {gfm_id(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
        for target in re.findall(r"\]\(#([^)]+)\)", text):
            if target not in ids:
                problems.append(f"{path.name}: the link #{target} leads to no heading")
    return problems


def main():
    docs = Path(__file__).resolve().parents[2] / "docs"
    problems = check(docs)
    for problem in problems:
        print(f"check_guides: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("check_guides: ok (docs/guide-ja.md, docs/guide-en.md: sections, screenshots, links)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
