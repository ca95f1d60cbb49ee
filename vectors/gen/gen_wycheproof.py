#!/usr/bin/env python3
# Converts the Wycheproof JSON files in vectors/wycheproof/ into the plain
# line format the C tests read (test/helpers/vectors.c), one .txt per suite.
#
# The format, shared by every vector file of cliquet:
#   - ASCII, lines end with "\n", fields separated by exactly one space;
#   - a header of "# " comment lines, which must include "# cases: N" and,
#     last, "# fields: NAME NAME ..." naming the columns in order;
#   - then exactly N case lines, one case each, no blank lines;
#   - byte strings are lowercase hex, "-" when empty; numbers are decimal;
#     "result" is valid, invalid or acceptable; "flags" are the Wycheproof
#     flags joined by ",", "-" when there are none.
#
# Cases are written in the order of the JSON file, so the output is
# byte-identical on every run. Python 3 standard library only.
# SPDX-License-Identifier: Apache-2.0
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIR = os.path.join(ROOT, "vectors", "wycheproof")
ORIGIN = ("C2SP/wycheproof, folder testvectors_v1, commit "
          "dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166, Apache-2.0")
HEX = re.compile(r"^(?:[0-9a-f]{2})*$")
RESULTS = ("valid", "invalid", "acceptable")


def fail(msg):
    sys.exit("gen_wycheproof.py: " + msg)


def hexfield(s):
    if not HEX.match(s):
        fail("not lowercase hex of whole bytes: %r" % s[:40])
    return s if s else "-"


def numfield(n):
    if not isinstance(n, int) or n < 0:
        fail("not a non-negative integer: %r" % (n,))
    return str(n)


def flagsfield(flags):
    for f in flags:
        if not re.match(r"^[A-Za-z0-9]+$", f):
            fail("unexpected flag %r" % f)
    return ",".join(flags) if flags else "-"


def common(t):
    if t["result"] not in RESULTS:
        fail("unknown result %r" % t["result"])
    return [numfield(t["tcId"]), t["result"]]


# Per suite: the JSON file, the text file, the columns after
# "tcId result", and how to take them from a group and a test.
SUITES = [
    ("aes_cbc_pkcs5_test.json", "aes_cbc_pkcs5.txt",
     "keySize key iv msg ct flags",
     lambda g, t: [numfield(g["keySize"]), hexfield(t["key"]), hexfield(t["iv"]),
                   hexfield(t["msg"]), hexfield(t["ct"]), flagsfield(t["flags"])]),
    ("hmac_sha256_test.json", "hmac_sha256.txt",
     "tagSize key msg tag flags",
     lambda g, t: [numfield(g["tagSize"]), hexfield(t["key"]), hexfield(t["msg"]),
                   hexfield(t["tag"]), flagsfield(t["flags"])]),
    ("hkdf_sha256_test.json", "hkdf_sha256.txt",
     "size ikm salt info okm flags",
     lambda g, t: [numfield(t["size"]), hexfield(t["ikm"]), hexfield(t["salt"]),
                   hexfield(t["info"]), hexfield(t["okm"]), flagsfield(t["flags"])]),
    ("x25519_test.json", "x25519.txt",
     "private public shared flags",
     lambda g, t: [hexfield(t["private"]), hexfield(t["public"]),
                   hexfield(t["shared"]), flagsfield(t["flags"])]),
    ("ed25519_test.json", "ed25519.txt",
     "pk msg sig flags",
     lambda g, t: [hexfield(g["publicKey"]["pk"]), hexfield(t["msg"]),
                   hexfield(t["sig"]), flagsfield(t["flags"])]),
]


def convert(src, dst, fields, columns):
    with open(os.path.join(DIR, src), encoding="utf-8") as f:
        data = json.load(f)
    rows = []
    for g in data["testGroups"]:
        for t in g["tests"]:
            rows.append(" ".join(common(t) + columns(g, t)))
    if len(rows) != data["numberOfTests"]:
        fail("%s: %d tests found, numberOfTests says %d"
             % (src, len(rows), data["numberOfTests"]))
    header = [
        "# Wycheproof %s, converted from %s by vectors/gen/gen_wycheproof.py." % (data["algorithm"], src),
        "# Origin: " + ORIGIN + ". Do not edit: run make vectors.",
        "# cases: %d" % len(rows),
        "# fields: tcId result " + fields,
    ]
    with open(os.path.join(DIR, dst), "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(header + rows) + "\n")


def main():
    for src, dst, fields, columns in SUITES:
        convert(src, dst, fields, columns)


if __name__ == "__main__":
    main()
