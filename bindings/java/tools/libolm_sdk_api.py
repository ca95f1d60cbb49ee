#!/usr/bin/env python3
# Lists the public API of libolm's Android SDK (org.matrix.olm) from its
# sources, one member a line, for bindings/java's ApiTest:
#
#   ctor   CLASS (PARAM TYPES)                 [throws EXC]
#   method CLASS NAME (PARAM TYPES) RETURN   [static] [throws EXC]
#   field  CLASS NAME TYPE [static] [= VALUE]
#
# Types as the sources write them, generics dropped. Usage:
#   libolm_sdk_api.py <libolm checkout>/android/olm-sdk/src/main/java/org/matrix/olm "<source>"
# where <source> names the checkout (repository and commit) for the header.
# Facts only (names and signatures); the file it wrote is
# src/test/resources/libolm-sdk-api.txt.
# SPDX-License-Identifier: Apache-2.0
import os
import re
import sys

MEMBER = re.compile(r"^\s*public\s+((?:static|final|native|synchronized|abstract)\s+)*"
                    r"([\w.<>\[\], ]+?)\s+(\w+)\s*\(([^)]*)\)\s*(throws\s+([\w, ]+))?")
CTOR = re.compile(r"^\s*public\s+(\w+)\s*\(([^)]*)\)\s*(throws\s+([\w, ]+))?")
FIELD = re.compile(r"^\s*public\s+((?:static|final)\s+)*([\w.<>\[\]]+)\s+(\w+)\s*(=|;)")
CLASS = re.compile(r"^\s*public\s+(?:static\s+)?(?:abstract\s+)?class\s+(\w+)")


def strip_generics(t):
    while "<" in t:
        t = re.sub(r"<[^<>]*>", "", t)
    return t.replace(" ", "")


def params(text):
    out = []
    depth, cur = 0, ""
    for ch in text:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return ",".join(strip_generics(p.strip().rsplit(None, 1)[0]) for p in out)


def main(folder, source):
    lines = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".java"):
            continue
        stack = []  # (class name, brace depth at which its body opened)
        depth = 0
        in_comment = False
        for raw in open(os.path.join(folder, name), encoding="utf-8"):
            line = raw.split("//")[0]
            if in_comment:
                in_comment = "*/" not in line
                continue
            if line.lstrip().startswith("/*"):
                in_comment = "*/" not in line
                continue
            if line.lstrip().startswith("*"):
                continue
            m = CLASS.match(line)
            before = depth
            depth += line.count("{") - line.count("}")
            while stack and depth <= stack[-1][1]:
                stack.pop()
            if m:
                outer = stack[-1][0] + "$" if stack else ""
                stack.append((outer + m.group(1), before))
                continue
            cls = stack[-1][0] if stack else None
            if cls is None or not line.lstrip().startswith("public"):
                continue
            mods = line.split("(")[0]
            static = " static" if " static " in mods + " " else ""
            m = CTOR.match(line)
            if m and m.group(1) == cls.split("$")[-1]:
                thr = " throws " + m.group(4).replace(" ", "") if m.group(4) else ""
                lines.append("ctor %s (%s)%s" % (cls, params(m.group(2)), thr))
                continue
            m = MEMBER.match(line)
            if m:
                thr = " throws " + m.group(6).replace(" ", "") if m.group(6) else ""
                lines.append("method %s %s (%s) %s%s%s" % (cls, m.group(3), params(m.group(4)),
                                                         strip_generics(m.group(2)), static, thr))
                continue
            m = FIELD.match(line)
            if m:
                value = ""
                if m.group(4) == "=":
                    value = " = " + line.split("=", 1)[1].strip().rstrip(";").strip()
                lines.append("field %s %s %s%s%s" % (cls, m.group(3), strip_generics(m.group(2)),
                                                     static, value))
    print("# libolm's Android SDK public API, listed by bindings/java/tools/libolm_sdk_api.py")
    print("# from libolm's android/olm-sdk/src/main/java/org/matrix/olm (libolm 3.2.x).")
    print("# source: " + source)
    for l in lines:
        print(l)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
