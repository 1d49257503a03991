#!/usr/bin/env python3
"""What a .wasm's bytes are spent on: its sections, and its functions by size, grouped by where
they come from (a name section is needed: link with --profiling-funcs).

Usage: wasm_sizes.py APP.wasm [TOP]
"""
import re
import sys


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, start = leb(data, i + 1)
        yield sid, data[start:start + size], start - i + size
        i = start + size


def names(payload):
    """Function index -> name, from the "name" custom section."""
    n, i = leb(payload, 0)
    i += n  # the section's own name
    found = {}
    while i < len(payload):
        kind = payload[i]
        size, i = leb(payload, i + 1)
        if kind == 1:
            count, j = leb(payload, i)
            for _ in range(count):
                index, j = leb(payload, j)
                length, j = leb(payload, j)
                found[index] = payload[j:j + length].decode("utf-8", "replace")
                j += length
        i += size
    return found


def group(name):
    rules = [
        (r"^ImGui|^Im[A-Z]|imgui|^stbtt|^stbrp|^stb_", "Dear ImGui (with stb_truetype)"),
        (r"^ui::|^camera_counter", "the app (frontend-wasm/src)"),
        (r"^counter::", "shared/ (rules, wire types, JSON)"),
        (r"rapidjson", "RapidJSON"),
        (r"^std::|^void std::|^operator new|^operator delete|__cxa|^std", "libc++"),
        (r"glfw|^_glfw", "GLFW"),
        (r"emscripten_fetch|fetch", "Emscripten fetch"),
        (r"^em|emscripten", "Emscripten runtime"),
    ]
    for pattern, label in rules:
        if re.search(pattern, name):
            return label
    return "libc and the rest"


def main():
    data = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    section_names = {0: "custom", 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global",
                     7: "export", 9: "elem", 10: "code", 11: "data", 12: "datacount"}
    imports = 0
    bodies = []
    name_map = {}
    print("%-12s %9s" % ("section", "bytes"))
    for sid, payload, total in sections(data):
        label = section_names.get(sid, str(sid))
        if sid == 0:
            length, j = leb(payload, 0)
            label = "custom:" + payload[j:j + length].decode()
            if label == "custom:name":
                name_map = names(payload)
        print("%-12s %9d" % (label, total))
        if sid == 2:
            count, j = leb(payload, 0)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb(payload, j)
                    j += length
                kind = payload[j]
                j += 1
                if kind == 0:
                    imports += 1
                    _, j = leb(payload, j)
                elif kind == 1:
                    j += 1
                    flags, j = leb(payload, j)
                    _, j = leb(payload, j)
                    if flags & 1:
                        _, j = leb(payload, j)
                elif kind == 2:
                    flags, j = leb(payload, j)
                    _, j = leb(payload, j)
                    if flags & 1:
                        _, j = leb(payload, j)
                elif kind == 3:
                    j += 2
        if sid == 10:
            count, j = leb(payload, 0)
            for k in range(count):
                size, body = leb(payload, j)
                bodies.append((body - j + size, imports + k))
                j = body + size
    groups = {}
    for size, index in bodies:
        label = group(name_map.get(index, ""))
        groups[label] = groups.get(label, 0) + size
    print("\n%-40s %9s" % ("code by origin", "bytes"))
    for label, size in sorted(groups.items(), key=lambda kv: -kv[1]):
        print("%-40s %9d" % (label, size))
    print("\n%-9s %s" % ("bytes", "largest functions"))
    for size, index in sorted(bodies, reverse=True)[:top]:
        print("%9d %s" % (size, name_map.get(index, "#%d" % index)[:100]))


main()
