#!/usr/bin/python3
"""Prints the accessibility tree of the application named by argv[1], as
an AT-SPI client (a screen reader such as Orca) sees it: one line per node,
"role<TAB>name<TAB>states", waiting up to argv[2] seconds (default 30) for
the application and for a tree with at least one text field.

With argv[3] == "listen", it then prints every announcement (an AT-SPI
"object:announcement" event: what a live region says) for argv[2] more
seconds, one "announcement<TAB>politeness<TAB>text" line each, flushed.

Used by tests/accessibility.rs; /usr/bin/python3 with python3-pyatspi."""
import sys
import time

import pyatspi


def walk(node, depth, out):
    if node is None or depth > 40:
        return
    try:
        role = node.getRoleName()
        name = node.name or ""
        states = ",".join(
            pyatspi.stateToString(s) for s in node.getState().getStates()
            if s in (pyatspi.STATE_FOCUSED, pyatspi.STATE_EDITABLE, pyatspi.STATE_FOCUSABLE)
        )
        out.append(f"{role}\t{name}\t{states}")
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), depth + 1, out)
    except Exception as error:  # a node that went away meanwhile
        out.append(f"error\t{error}\t\t")


def listen(seconds):
    from gi.repository import GLib

    def heard(event):
        print(f"announcement\t{event.detail1}\t{event.any_data}", flush=True)

    pyatspi.Registry.registerEventListener(heard, "object:announcement")
    print("listening", flush=True)
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    pyatspi.Registry.start()


def main():
    wanted = sys.argv[1]
    deadline = time.time() + float(sys.argv[2] if len(sys.argv) > 2 else 30)
    lines = []
    seen = set()
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None:
                seen.add(app.name)
            if app is not None and app.name == wanted:
                lines = []
                walk(app, 0, lines)
                if any(line.startswith("entry\t") or line.startswith("text\t") for line in lines):
                    print("\n".join(lines), flush=True)
                    if len(sys.argv) > 3 and sys.argv[3] == "listen":
                        listen(float(sys.argv[2]))
                    return 0
        time.sleep(0.5)
    print("\n".join(lines) or f"no application named {wanted!r} on the accessibility bus (it has: {sorted(seen)})")
    return 1


sys.exit(main())
