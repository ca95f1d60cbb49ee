#!/usr/bin/env python3
"""make spec-check: docs/spec-map.md against the spec markers in the code.

The map (docs/spec-map.md) has one table row per normative sentence:

    | `olm.md §Initial setup` | impl | the sentence | `lib/olm/session.c:triple_dh` | `test/x.c:test_y` |

and the code carries the same key in one fixed marker comment:

    /* spec: olm.md §Initial setup: "optional quote" */

This script fails (exit status 1, one line per problem) when
  - a function or test named in the map no longer exists in the named file;
  - a function or test named for a key carries no marker with that key,
    either inside its body or in the lines between the previous function
    and its definition (the comment above it);
  - a marker in the marked folders has a key the map does not have, or sits
    in a function the map does not name for that key;
  - an `impl` row names no function or no test; a row names a file of the
    layers being rewritten (lib/api, include), which the map must not use.

Rows of kind `app` (the application's duty) and `info` (informative text)
name no code. Which folders carry markers is SPEC_DIRS below, or the
SPEC_DIRS environment variable (space-separated) for a wider scope.
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MAP = os.path.join(ROOT, "docs", "spec-map.md")
SPEC_DIRS = os.environ.get(
    "SPEC_DIRS",
    "lib/core lib/crypto lib/olm lib/megolm lib/pk lib/sas lib/pickle test",
).split()
FORBIDDEN = ("lib/api/", "include/")
KINDS = ("impl", "app", "info")

# A marker: "spec: <document> §<section>", the section running to a colon,
# a quote, the end of the comment or the end of the line.
MARKER = re.compile(r"spec:\s+(?P<doc>[^\s§]+(?: [^\s§]+)*?)\s+§(?P<sec>[^:\"*\n]+?)\s*(?=:|\"|\*/|$)")
CELL_REF = re.compile(r"`([^`]+)`")

problems = []


def problem(msg):
    problems.append(msg)


def normalise(key):
    return " ".join(key.split())


def parse_map():
    """Rows of the map: (line, key, kind, functions, tests)."""
    rows = []
    with open(MAP, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            # Map rows only: the first cell is a key with a section sign.
            if not line.startswith("| `") or "§" not in line.split("|")[1]:
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) != 5:
                problem(f"docs/spec-map.md:{lineno}: a row needs 5 cells, has {len(cells)}")
                continue
            key = normalise(cells[0].strip("`"))
            kind = cells[1]
            if kind not in KINDS:
                problem(f"docs/spec-map.md:{lineno}: kind '{kind}' is not one of {KINDS}")
                continue
            funcs = CELL_REF.findall(cells[3])
            tests = CELL_REF.findall(cells[4])
            if not MARKER.search("spec: " + key):
                problem(f"docs/spec-map.md:{lineno}: key '{key}' is not '<document> §<section>'")
            rows.append((lineno, key, kind, funcs, tests))
    return rows


def definitions(path):
    """Top-level function definitions of a C file: name -> (start, end),
    where start is the first line after the previous definition's closing
    brace (so the comment above a function belongs to it) and end its own
    closing brace. Lines are 1-based."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    defs = {}
    region_start = 1
    i = 0
    head = re.compile(r"^[A-Za-z_][\w \t\*]*?\**\b([A-Za-z_]\w*)\s*\(")
    while i < len(lines):
        m = head.match(lines[i])
        if m and not lines[i].startswith(("typedef", "struct", "enum", "union")):
            # A definition if a '{' line comes before a ';'.
            j = i
            body = None
            while j < len(lines):
                text = lines[j].split("/*")[0]
                if text.rstrip().endswith(";") and "{" not in text:
                    break
                if "{" in text:
                    body = j
                    break
                j += 1
            if body is not None:
                k = body
                one_line = lines[body].split("/*")[0].rstrip().endswith("}")
                while not one_line and k < len(lines) and lines[k] != "}":
                    k += 1
                defs.setdefault(m.group(1), (region_start, k + 1))
                region_start = k + 2
                i = k + 1
                continue
            i = j + 1
            continue
        if lines[i] == "}" or lines[i].startswith("};"):
            region_start = i + 2
        i += 1
    return defs


def markers(path):
    """(line, key) of every marker in a file; a "spec:" that is not a
    well-formed marker is a problem of its own."""
    found = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            keys = [normalise(m.group("doc") + " §" + m.group("sec"))
                    for m in MARKER.finditer(line)]
            if line.count("spec:") != len(keys):
                problem(f"{os.path.relpath(path, ROOT)}:{lineno}: malformed marker "
                        "(want 'spec: <document> §<section>')")
            found.extend((lineno, k) for k in keys)
    return found


def marked_files():
    files = []
    for d in SPEC_DIRS:
        full = os.path.join(ROOT, d)
        if not os.path.isdir(full):
            continue
        for name in sorted(os.listdir(full)):
            if name.endswith((".c", ".h")):
                files.append(os.path.join(d, name))
    return files


def main():
    rows = parse_map()
    keys = {key for _, key, _, _, _ in rows}
    # (file, function) -> keys the map names it for
    named = {}
    defs_cache = {}
    marks_cache = {}

    def defs_of(rel):
        if rel not in defs_cache:
            defs_cache[rel] = definitions(os.path.join(ROOT, rel))
        return defs_cache[rel]

    def marks_of(rel):
        if rel not in marks_cache:
            marks_cache[rel] = markers(os.path.join(ROOT, rel))
        return marks_cache[rel]

    checked = 0
    for lineno, key, kind, funcs, tests in rows:
        where = f"docs/spec-map.md:{lineno}"
        if kind == "impl" and (not funcs or not tests):
            problem(f"{where}: '{key}' is impl but names no function or no test")
        if kind != "impl" and (funcs or tests):
            problem(f"{where}: '{key}' is {kind} and must name no code")
        for ref in funcs + tests:
            if ":" not in ref:
                problem(f"{where}: '{ref}' is not file:function")
                continue
            rel, func = ref.split(":", 1)
            if rel.startswith(FORBIDDEN):
                problem(f"{where}: '{ref}' is in a layer being rewritten; map to lib/<layer>")
                continue
            if not os.path.isfile(os.path.join(ROOT, rel)):
                problem(f"{where}: file {rel} does not exist")
                continue
            span = defs_of(rel).get(func)
            if span is None:
                problem(f"{where}: {func} is not defined in {rel}")
                continue
            named.setdefault((rel, func), set()).add(key)
            checked += 1
            if not any(k == key and span[0] <= ln <= span[1] for ln, k in marks_of(rel)):
                problem(f"{rel}:{span[0]}: {func} carries no marker 'spec: {key}' ({where})")

    nmarks = 0
    for rel in marked_files():
        spans = defs_of(rel) if rel.endswith(".c") else {}
        for ln, key in marks_of(rel):
            nmarks += 1
            if key not in keys:
                problem(f"{rel}:{ln}: marker 'spec: {key}' has no row in docs/spec-map.md")
                continue
            for func, (a, b) in spans.items():
                if a <= ln <= b and key not in named.get((rel, func), set()):
                    problem(f"{rel}:{ln}: marker 'spec: {key}' is in {func}, "
                            f"which the map does not name for it")

    for msg in problems:
        print("spec-check: " + msg)
    impl = sum(1 for r in rows if r[2] == "impl")
    print(f"spec-check: {len(rows)} rows ({impl} impl), {len(keys)} sections, "
          f"{checked} function/test references, {nmarks} markers: "
          + ("FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
