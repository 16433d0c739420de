#!/usr/bin/env python3
"""check-layers.py — the layers and rooms of src/, held to the code

DESIGN.md's layers point down only: core knows no screen and no program
above it; ctl and feed stand on core alone; the desk on core. Inside a
layer, each room (a folder) may include its own headers and those of
the rooms below it, so that the design a newcomer reads in HACKING.md is
the design the includes have. A file outside every room, or an include
that runs back up, fails the suite with the file and the line.

Usage: check-layers.py SOURCE_ROOT
"""

import os
import re
import sys

# core's rooms from the bottom up: each may include the ones before it.
# platform and analysis stand on store and know nothing of each other;
# reports stand on analysis too, for the bulletin's 研判 section.
CORE_BELOW = {
    "base": set(),
    "wire": {"base"},
    "rules": {"base", "wire"},
    "map": {"base", "wire", "rules"},
    "store": {"base", "wire", "rules", "map"},
    "platform": {"base", "wire", "rules", "map", "store"},
    "analysis": {"base", "wire", "rules", "map", "store"},
    "reports": {"base", "wire", "rules", "map", "store", "analysis"},
}

# The desk's rooms. model (the session and its lists) and widgets are the
# ground every screen stands on and include no screen; window puts the
# screens together and no screen includes it. The screens may use one
# another's widgets (the map shows the ticket detail and the queue's rows).
APP_ROOMS = {"model", "widgets", "window", "queue", "ticket", "orders", "map",
             "analysis", "reports", "sync", "preferences", "unit"}
APP_GROUND = {"model": set(), "widgets": set()}

# Headers the build makes.
GENERATED = {"config.h", "duban-core-resources.h", "duban-resources.h"}

SCREEN_HEADERS = re.compile(r"^(gtk/|gdk/|adwaita\.h|shumate/|gsk/)")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def place(root, path):
    """(layer, room) of a file under src/, room None when it has none."""
    parts = os.path.relpath(path, os.path.join(root, "src")).split(os.sep)
    layer = parts[0]
    room = parts[1] if len(parts) > 2 else None
    return layer, room


def main():
    root = sys.argv[1]
    src = os.path.join(root, "src")
    files = []
    for directory, _, names in os.walk(src):
        for name in names:
            if name.endswith((".c", ".h")):
                files.append(os.path.join(directory, name))
    files.sort()

    headers = {}
    problems = []
    for path in files:
        layer, room = place(root, path)
        rel = os.path.relpath(path, root)
        if layer in ("core", "app") and room is None and rel != "src/app/main.c":
            problems.append(f"{rel}: not in a room of src/{layer}/ (see HACKING.md)")
        if layer == "core" and room is not None and room not in CORE_BELOW:
            problems.append(f"{rel}: src/core/{room}/ is not a room; add it to "
                            "check-layers.py and HACKING.md")
        if layer == "app" and room is not None and room not in APP_ROOMS:
            problems.append(f"{rel}: src/app/{room}/ is not a room; add it to "
                            "check-layers.py and HACKING.md")
        if path.endswith(".h"):
            name = os.path.basename(path)
            if name in headers:
                problems.append(f"{rel}: a second {name} (the first is "
                                f"{os.path.relpath(headers[name][2], root)})")
            headers[name] = (layer, room, path)

    for path in files:
        layer, room = place(root, path)
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, target = m.groups()
                where = f"{rel}:{number}"
                if kind == "<":
                    if layer != "app" and SCREEN_HEADERS.match(target):
                        problems.append(f"{where}: src/{layer} includes <{target}>: "
                                        "only the desk knows a screen")
                    continue
                if target in GENERATED:
                    continue
                if target not in headers:
                    problems.append(f"{where}: includes \"{target}\", which is no header of src/")
                    continue
                t_layer, t_room, _ = headers[target]
                if t_layer == layer and t_room == room:
                    continue
                if t_layer != layer:
                    if t_layer != "core":
                        problems.append(f"{where}: src/{layer} includes {target} of src/{t_layer}: "
                                        "the layers stand on core alone")
                    continue
                if layer == "core":
                    if t_room not in CORE_BELOW.get(room, set()):
                        problems.append(f"{where}: core/{room} includes {target} of core/{t_room}, "
                                        "which is not below it")
                elif layer == "app":
                    if room in APP_GROUND and t_room not in APP_GROUND[room]:
                        problems.append(f"{where}: app/{room} includes {target} of app/{t_room}: "
                                        f"{room} is the ground the screens stand on")
                    elif t_room == "window" and room not in ("window", None):
                        problems.append(f"{where}: app/{room} includes {target} of app/window: "
                                        "no screen knows the window that holds it")

    for problem in problems:
        print(f"check-layers: {problem}")
    if problems:
        return 1
    print(f"check-layers: {len(files)} files, every include points down or within its room")
    return 0


if __name__ == "__main__":
    sys.exit(main())
