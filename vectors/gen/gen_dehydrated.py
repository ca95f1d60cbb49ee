#!/usr/bin/env python3
# Writes vectors/dehydrated/devices.txt: dehydrated devices (MSC3814) in
# vodozemac's format (Account::to_dehydrated_device, src/olm/account/mod.rs,
# mod dehydrated_device, vodozemac commit cfc4eeeb, 0.10.0), made by an
# implementation independent of cliquet and libsodium: this script lays out
# the plaintext from the format's definition and seals it with Python's
# `cryptography` (OpenSSL's ChaCha20-Poly1305, X25519, Ed25519):
#   u32 BE version 1 | Curve25519 private (32) | Ed25519 seed (32) |
#   u32 BE n | n one-time private keys (32 each, oldest first) |
#   u8 fallback present | [fallback private key (32)]
#   ciphertext = ChaCha20-Poly1305(key, 12-byte nonce, no AD), unpadded base64.
# One case is vodozemac's own fuzz seed afl/rehydrate-device/in/dehydrated1
# (a plaintext vodozemac's from_decrypted_dehydrated_device reads; kept as
# vodozemac-afl-dehydrated1.bin beside the output); the refused cases are
# malformed plaintexts, each with the status cliquet gives and, in the
# README, what vodozemac does with it.
#
# Line format of vectors/gen/gen_wycheproof.py; random bytes from a fixed
# SHA-256 stream, so the output is the same on every run.
# SPDX-License-Identifier: Apache-2.0
import base64
import hashlib
import os
import sys

try:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
except ImportError:
    sys.exit("gen_dehydrated.py: needs python3-cryptography (apt-get install python3-cryptography)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIR = os.path.join(ROOT, "vectors", "dehydrated")
RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def stream(label, n):
    out, i = b"", 0
    while len(out) < n:
        out += hashlib.sha256(b"cliquet dehydrated vectors|" + label + b"|%d" % i).digest()
        i += 1
    return out[:n]


def b64(b):
    return base64.b64encode(b).decode().rstrip("=")


def x25519_public(priv):
    return X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(*RAW)


def ed25519_public(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(*RAW)


def layout(curve, seed, otks, fallback, version=1, flag=None, count=None):
    flag = (1 if fallback is not None else 0) if flag is None else flag
    count = len(otks) if count is None else count
    out = version.to_bytes(4, "big") + curve + seed + count.to_bytes(4, "big")
    out += b"".join(otks) + bytes([flag])
    return out + (fallback or b"")


def hexor(b):
    return b.hex() if b else "-"


def row(name, key, nonce, plaintext, status, account_random=b"", otk_random=b"",
        fallback_random=b"", keys=None):
    ct = b64(ChaCha20Poly1305(key).encrypt(nonce, plaintext, None))
    if keys is None:
        curve = ed = otk_publics = fallback_public = "-"
    else:
        c, s, otks, fb = keys
        curve, ed = b64(x25519_public(c)), b64(ed25519_public(s))
        otk_publics = hexor(b"".join(x25519_public(k) for k in otks))
        fallback_public = hexor(x25519_public(fb) if fb else b"")
    return [name, hexor(account_random), hexor(otk_random), hexor(fallback_random),
            key.hex(), b64(nonce), hexor(plaintext), ct, status, curve, ed, otk_publics,
            fallback_public]


def cliquet_case(name, n_otk, n_fallback):
    """An account as cliquet_*_with_random makes it from these bytes."""
    account = stream(name.encode() + b"|account", 64)  # Ed25519 seed, then Curve25519
    otk_random = stream(name.encode() + b"|otk", 32 * n_otk)
    fb_random = stream(name.encode() + b"|fallback", 32 * n_fallback)
    seed, curve = account[:32], account[32:]
    otks = [otk_random[32 * i:32 * i + 32] for i in range(n_otk)]
    fallback = fb_random[-32:] if n_fallback else None  # the current one only
    key, nonce = stream(name.encode() + b"|key", 32), stream(name.encode() + b"|nonce", 12)
    return row(name, key, nonce, layout(curve, seed, otks, fallback), "CLIQUET_OK", account,
               otk_random, fb_random, (curve, seed, otks, fallback))


def main():
    rows = [
        cliquet_case("cliquet-3-keys-2-fallbacks", 3, 2),
        cliquet_case("cliquet-no-keys", 0, 0),
        cliquet_case("cliquet-100-keys-1-fallback", 100, 1),
    ]
    afl = open(os.path.join(DIR, "vodozemac-afl-dehydrated1.bin"), "rb").read()
    n = int.from_bytes(afl[68:72], "big")
    otks = [afl[72 + 32 * i:104 + 32 * i] for i in range(n)]
    fb = afl[73 + 32 * n:105 + 32 * n] if afl[72 + 32 * n] else None
    assert len(afl) == 73 + 32 * n + (32 if fb else 0)
    key, nonce = stream(b"afl|key", 32), stream(b"afl|nonce", 12)
    rows.append(row("vodozemac-afl-dehydrated1", key, nonce, afl, "CLIQUET_OK",
                    keys=(afl[4:36], afl[36:68], otks, fb)))
    # Refused: a valid 2-key device with a fallback key, changed.
    c, s = stream(b"bad|curve", 32), stream(b"bad|seed", 32)
    two = [stream(b"bad|otk0", 32), stream(b"bad|otk1", 32)]
    fb = stream(b"bad|fallback", 32)
    good = layout(c, s, two, fb)
    key = stream(b"bad|key", 32)
    many = [stream(b"bad|many%d" % i, 32) for i in range(101)]
    bad = [
        ("version-2", layout(c, s, two, fb, version=2), "CLIQUET_ERR_PICKLE_UNKNOWN_VERSION"),
        ("version-0", layout(c, s, two, fb, version=0), "CLIQUET_ERR_PICKLE_UNKNOWN_VERSION"),
        ("no-version", good[:3], "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("empty", b"", "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("truncated-in-header", good[:50], "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("truncated-in-keys", good[:72 + 40], "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("no-flag", good[:72 + 64], "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("flag-without-key", good[:72 + 64 + 1], "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("fallback-truncated", good[:-1], "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("flag-2", layout(c, s, two, fb, flag=2), "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("trailing-byte", good + b"\x00", "CLIQUET_ERR_PICKLE_EXTRA_DATA"),
        ("no-fallback-then-32-bytes", layout(c, s, two, None) + fb, "CLIQUET_ERR_PICKLE_EXTRA_DATA"),
        ("count-past-list", layout(c, s, two, None, count=3), "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("count-65536", layout(c, s, [], None, count=65536), "CLIQUET_ERR_PICKLE_CORRUPTED"),
        ("101-keys", layout(c, s, many, fb), "CLIQUET_ERR_TOO_MANY_KEYS"),
    ]
    for name, plaintext, status in bad:
        # One nonce per plaintext, even in vectors: a nonce sealed twice
        # under one key would show the XOR of the plaintexts.
        nonce = stream(b"bad|nonce|" + name.encode(), 12)
        rows.append(row("refused-" + name, key, nonce, plaintext, status))
    fields = ("name account_random otk_random fallback_random key nonce plaintext ciphertext "
              "status curve25519 ed25519 otk_publics fallback_public")
    head = [
        "# Dehydrated devices (MSC3814) in vodozemac's format, made by",
        "# vectors/gen/gen_dehydrated.py with OpenSSL (Python's cryptography), not by",
        "# cliquet or libsodium; read by test/test_dehydrated.c. See README.md.",
        "# account_random, otk_random, fallback_random: what cliquet_account_new_with_random,",
        "# _generate_one_time_keys_with_random (one call) and",
        "# _generate_fallback_key_with_random (32 bytes a call) take to make the account",
        "# whose device this is, \"-\" for a device not made from a cliquet account;",
        "# key, nonce: the dehydration key (hex) and nonce (base64); plaintext (hex);",
        "# ciphertext (base64); status: what cliquet_account_from_dehydrated_device gives;",
        "# curve25519, ed25519: the identity keys (base64); otk_publics: the one-time",
        "# keys' public halves in the device's order (hex); fallback_public (hex).",
        "# cases: %d" % len(rows),
        "# fields: " + fields,
    ]
    with open(os.path.join(DIR, "devices.txt"), "w", encoding="ascii") as f:
        f.write("\n".join(head + [" ".join(r) for r in rows]) + "\n")


if __name__ == "__main__":
    main()
