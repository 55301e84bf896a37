#!/usr/bin/env python3
"""Checks that every command the GitHub workflows run exists.

For each `run:` step of .github/workflows/*.yml, every command line must
start with a tool the runner has (the ALLOWED list below, each with why it
is there) or with a script of this repository, and every repository path a
command names (scripts/..., .ci/..., installer/...) must exist. Every
`uses:` must be one of the actions listed in ACTIONS. Exits 1 naming each
offending line. `--self-test` checks that a broken workflow is caught.
"""

import re
import shlex
import sys
from pathlib import Path

import yaml

# Tools a GitHub-hosted runner has (ubuntu-latest, windows-latest with Git Bash).
ALLOWED = {
    "bash", "python", "python3", "rustup", "cargo", "rustc", "gh", "git", "echo", "printf", "cd",
    "export", "exit", "rm", "base64", "sed", "head", "test", "[", "if", "then", "fi", "cat",
}
# Actions from GitHub itself only.
ACTIONS = {"actions/checkout@v4", "actions/upload-artifact@v4"}
# Paths of this repository a command may name.
PATH_RE = re.compile(r"(?<![\w./-])((?:scripts|\.ci|installer|packaging|docs)/[\w./-]+)")


def commands(script):
    """The command lines of a `run:` block, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", script)
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        yield line


def check(root, files):
    problems = []
    for path in files:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_name, job in (workflow.get("jobs") or {}).items():
            for index, step in enumerate(job.get("steps") or []):
                where = f"{path.relative_to(root)}: job {job_name}, step {index + 1} ({step.get('name', step.get('uses', ''))})"
                if "uses" in step and step["uses"] not in ACTIONS:
                    problems.append(f"{where}: uses {step['uses']}, which is not one of {sorted(ACTIONS)}")
                for line in commands(step.get("run", "")):
                    first = line.split()[0]
                    # NAME=$(tool ...) runs the tool; NAME=value runs nothing.
                    assignment = re.match(r"^[A-Za-z_]\w*=(\$\()?(\S*)", first)
                    if assignment:
                        first = assignment.group(2) if assignment.group(1) else "echo"
                    if first not in ALLOWED and not (root / first).is_file():
                        problems.append(f"{where}: '{line}' starts with '{first}', neither a runner tool nor a file here")
                    for named in PATH_RE.findall(line):
                        candidate = named.rstrip(".")
                        if "*" in candidate:
                            continue
                        if not (root / candidate).exists():
                            problems.append(f"{where}: '{line}' names {candidate}, which is not in the repository")
    return problems


def self_test(root):
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        bad = Path(scratch) / "bad.yml"
        bad.write_text(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: someone/else@v1\n"
            "      - run: bash scripts/no-such-script.sh\n"
            "      - run: make everything\n",
            encoding="utf-8",
        )
        problems = check(Path(scratch), [bad])
    wanted = ["someone/else@v1", "scripts/no-such-script.sh", "'make'"]
    missing = [w for w in wanted if not any(w in p for p in problems)]
    if missing:
        print(f"check_workflows self-test: FAIL: not caught: {missing} (got {problems})", file=sys.stderr)
        return 1
    print(f"check_workflows self-test: ok ({len(problems)} problems found in a broken workflow)")
    return 0


def main():
    root = Path(__file__).resolve().parents[2]
    if sys.argv[1:] == ["--self-test"]:
        return self_test(root)
    files = sorted((root / ".github" / "workflows").glob("*.yml"))
    if not files:
        print("check_workflows: no workflows in .github/workflows", file=sys.stderr)
        return 1
    problems = check(root, files)
    for problem in problems:
        print(f"check_workflows: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check_workflows: ok ({', '.join(f.name for f in files)}: every command and script exists)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
