#!/usr/bin/env python3
"""Prints what a Windows .exe carries, as JSON, for scripts/test-windows-release.sh.

    python3 scripts/lib/pe_resources.py trayotp.exe

{"machine": "x86_64", "subsystem": "windows", "icon_sizes": [16, 20, ...],
 "manifest": "<?xml ...", "version": {"file": "0.1.0.0", "product": "0.1.0.0",
 "strings": {"ProductName": "trayotp", ...}}}

Reads the PE headers and the resource section (.rsrc) directly: no Windows,
no Wine, no third-party module. Exits non-zero with a message on a file that
is not a PE image.
"""

import json
import struct
import sys

RT_ICON, RT_GROUP_ICON, RT_VERSION, RT_MANIFEST = 3, 14, 16, 24
SUBSYSTEMS = {2: "windows", 3: "console"}
MACHINES = {0x8664: "x86_64", 0x14C: "x86", 0xAA64: "aarch64"}


class Pe:
    def __init__(self, data):
        self.data = data
        if data[:2] != b"MZ":
            raise ValueError("no MZ header")
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe : pe + 4] != b"PE\0\0":
            raise ValueError("no PE signature")
        machine, sections, _, _, _, opt_size, _ = struct.unpack_from("<HHIIIHH", data, pe + 4)
        opt = pe + 24
        magic = struct.unpack_from("<H", data, opt)[0]
        pe32plus = magic == 0x20B
        self.machine = MACHINES.get(machine, hex(machine))
        self.subsystem = struct.unpack_from("<H", data, opt + 68)[0]
        directories = opt + (112 if pe32plus else 96)
        self.rsrc_rva, self.rsrc_size = struct.unpack_from("<II", data, directories + 2 * 8)
        self.sections = []
        table = opt + opt_size
        for i in range(sections):
            _, vsize, rva, raw_size, raw_ptr = struct.unpack_from("<8sIIII", data, table + 40 * i)
            self.sections.append((rva, max(vsize, raw_size), raw_ptr))

    def offset(self, rva):
        for start, size, raw in self.sections:
            if start <= rva < start + size:
                return raw + rva - start
        raise ValueError(f"RVA {rva:#x} is in no section")

    def resources(self):
        """{type: {name: bytes}} (first language of each)."""
        if not self.rsrc_rva:
            return {}
        base = self.offset(self.rsrc_rva)

        def entries(dir_offset):
            named, ids = struct.unpack_from("<HH", self.data, base + dir_offset + 12)
            for i in range(named + ids):
                name, target = struct.unpack_from("<II", self.data, base + dir_offset + 16 + 8 * i)
                yield name, target

        out = {}
        for rtype, type_dir in entries(0):
            for name, name_dir in entries(type_dir & 0x7FFFFFFF):
                for _, leaf in entries(name_dir & 0x7FFFFFFF):
                    rva, size = struct.unpack_from("<II", self.data, base + leaf)
                    start = self.offset(rva)
                    out.setdefault(rtype, {}).setdefault(name, self.data[start : start + size])
                    break
        return out


def icon_sizes(group):
    _, _, count = struct.unpack_from("<HHH", group, 0)
    sizes = []
    for i in range(count):
        width = group[6 + 14 * i]
        sizes.append(width or 256)
    return sorted(sizes)


def version_info(blob):
    """VS_VERSIONINFO: the fixed file and product versions, and the strings."""
    strings = {}
    fixed = {}

    def block(offset):
        length, value_length, kind = struct.unpack_from("<HHH", blob, offset)
        end = offset + length
        key_start = offset + 6
        key_end = key_start
        while blob[key_end : key_end + 2] != b"\0\0":
            key_end += 2
        key = blob[key_start:key_end].decode("utf-16-le")
        value_start = (key_end + 2 + 3) & ~3
        value_bytes = value_length * 2 if kind == 1 else value_length
        value = blob[value_start : value_start + value_bytes]
        children = []
        child = (value_start + value_bytes + 3) & ~3
        while child < end:
            child_length = struct.unpack_from("<H", blob, child)[0]
            if child_length == 0:
                break
            children.append(block(child))
            child = (child + child_length + 3) & ~3
        return key, kind, value, children

    def walk(node, depth):
        key, kind, value, children = node
        if key == "VS_VERSION_INFO" and len(value) >= 52:
            signature, _, fms, fls, pms, pls = struct.unpack_from("<IIIIII", value, 0)
            if signature == 0xFEEF04BD:
                quad = lambda ms, ls: f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
                fixed["file"] = quad(fms, fls)
                fixed["product"] = quad(pms, pls)
        if depth == 3 and kind == 1:
            strings[key] = value.decode("utf-16-le").rstrip("\0")
        for child in children:
            walk(child, depth + 1)

    walk(block(0), 0)
    return {**fixed, "strings": strings}


def main(path):
    with open(path, "rb") as f:
        pe = Pe(f.read())
    resources = pe.resources()
    report = {
        "machine": pe.machine,
        "subsystem": SUBSYSTEMS.get(pe.subsystem, str(pe.subsystem)),
        "resource_types": sorted(resources),
        "icon_sizes": [],
        "manifest": None,
        "version": None,
    }
    groups = resources.get(RT_GROUP_ICON, {})
    if groups:
        report["icon_sizes"] = icon_sizes(groups[min(groups)])
    manifests = resources.get(RT_MANIFEST, {})
    if manifests:
        report["manifest"] = manifests[min(manifests)].decode("utf-8", "replace")
    versions = resources.get(RT_VERSION, {})
    if versions:
        report["version"] = version_info(versions[min(versions)])
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pe_resources.py FILE.exe")
    try:
        main(sys.argv[1])
    except (OSError, ValueError, struct.error) as error:
        sys.exit(f"pe_resources.py: {sys.argv[1]}: {error}")
