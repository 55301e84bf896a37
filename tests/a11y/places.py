#!/usr/bin/python3
"""Prints every node named argv[2] in the application named argv[1], as an
AT-SPI client (a screen reader such as Orca) finds them: one line each,
"role<TAB>x<TAB>y<TAB>width<TAB>height" (desktop coordinates), waiting up
to argv[3] seconds (default 30) for the application and one such node.
Exit 1, with what it saw, if there is none.

Used by tests/paste_keys.rs (where to right-click a field, and where its
menu's item is); /usr/bin/python3 with python3-pyatspi."""
import sys
import time

import pyatspi


def walk(node, name, found, depth=0):
    if node is None or depth > 40:
        return
    try:
        if node.name == name:
            box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            found.append(f"{node.getRoleName()}\t{box.x}\t{box.y}\t{box.width}\t{box.height}")
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), name, found, depth + 1)
    except Exception:  # a node that went away meanwhile
        return


def main():
    wanted, name = sys.argv[1], sys.argv[2]
    deadline = time.time() + float(sys.argv[3] if len(sys.argv) > 3 else 30)
    seen = set()
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        found = []
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is None:
                continue
            seen.add(app.name)
            if app.name == wanted:
                walk(app, name, found)
        if found:
            print("\n".join(found), flush=True)
            return 0
        time.sleep(0.5)
    print(f"nothing named {name!r} in an application named {wanted!r} (the bus has: {sorted(seen)})")
    return 1


sys.exit(main())
