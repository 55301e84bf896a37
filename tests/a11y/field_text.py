#!/usr/bin/python3
"""Prints where the field named argv[2] of the application named argv[1] is
on the screen ("x y width height", as the Component interface says), then
on the next line the text in it, as an AT-SPI client (a screen reader such
as Orca) reads them, waiting up to argv[3] seconds (default 30) for the
application and the field. Exit 1, with what it saw, if there is none.

Used by tests/ime_linux.rs; /usr/bin/python3 with python3-pyatspi."""
import sys
import time

import pyatspi


def find(node, name, depth=0):
    if node is None or depth > 40:
        return None
    try:
        if node.getRoleName() in ("entry", "text", "password text") and node.name == name:
            return node
        for i in range(node.childCount):
            found = find(node.getChildAtIndex(i), name, depth + 1)
            if found is not None:
                return found
    except Exception:  # a node that went away meanwhile
        return None
    return None


def main():
    wanted, field = sys.argv[1], sys.argv[2]
    deadline = time.time() + float(sys.argv[3] if len(sys.argv) > 3 else 30)
    seen = set()
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is None:
                continue
            seen.add(app.name)
            if app.name == wanted:
                node = find(app, field)
                if node is not None:
                    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
                    print(f"{box.x} {box.y} {box.width} {box.height}")
                    print(node.queryText().getText(0, -1), flush=True)
                    return 0
        time.sleep(0.5)
    print(f"no field named {field!r} in an application named {wanted!r} (the bus has: {sorted(seen)})")
    return 1


sys.exit(main())
