#!/usr/bin/env python3
# Writes vectors/ecies/info.txt: ECIES channels (MSC4108's secure channel)
# with vodozemac's Ecies::with_info(info) prefixes, computed by an
# implementation of vodozemac's derivation independent of cliquet and of
# libsodium: Python's `cryptography` package (OpenSSL's X25519, HKDF-SHA-512
# and ChaCha20-Poly1305). The construction follows vodozemac's
# src/ecies/mod.rs at commit cfc4eeeb (release 0.10.0):
#   info      = "{prefix}{suffix}|{Gp}|{Sp}", suffix _ENCKEY_S (the
#               initiator S's sending key), _ENCKEY_G (the recipient G's)
#               or _CHECKCODE; Gp, Sp the public keys in unpadded base64;
#   keys      = HKDF-SHA-512(salt none, ikm X25519(S, G), info), 32 bytes;
#               the check code, 2 bytes;
#   messages  = ChaCha20-Poly1305, nonce the per-direction counter as 12
#               little-endian bytes from 0, no associated data, unpadded
#               base64; the initial message "{ciphertext}|{Sp}".
# The matrix-sdk-crypto-wasm 18.9.0 build of ../shared/peers/vodozemac has
# no with_info, so no live vodozemac made these; the default prefix
# ("MATRIX_QR_CODE_LOGIN", the first case) is checked live by test_ecies.
#
# Line format of vectors/gen/gen_wycheproof.py; random bytes from a fixed
# SHA-256 stream, so the file is the same on every run.
# SPDX-License-Identifier: Apache-2.0
import base64
import hashlib
import os
import sys

try:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives import serialization
except ImportError:
    sys.exit("gen_ecies_info.py: needs python3-cryptography (apt-get install python3-cryptography)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "vectors", "ecies", "info.txt")

PREFIXES = [
    b"MATRIX_QR_CODE_LOGIN",            # Ecies::new()'s: must equal the default channel
    b"",                                # an empty prefix (with_info("") is valid Rust)
    b"ORG_EXAMPLE_SECURE_CHANNEL",
    "CANAL_S\u00c9CURIS\u00c9_\u00e9t\u00e9|2".encode("utf-8"),  # UTF-8 and a '|'
    b"P" * 128,                         # cliquet's bound, CLIQUET_ECIES_MAX_INFO_BYTES
]


def b64(b):
    return base64.b64encode(b).decode().rstrip("=")


def stream(label, n):
    out, i = b"", 0
    while len(out) < n:
        out += hashlib.sha256(b"cliquet ecies info vectors|" + label + b"|" + bytes([i])).digest()
        i += 1
    return out[:n]


def public(priv):
    return X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def hkdf(ikm, info, n):
    return HKDF(algorithm=hashes.SHA512(), length=n, salt=None, info=info).derive(ikm)


def nonce(counter):
    return counter.to_bytes(16, "little")[:12]


def case(i, prefix):
    g_priv, s_priv = stream(b"g%d" % i, 32), stream(b"s%d" % i, 32)
    gp, sp = public(g_priv), public(s_priv)
    shared = X25519PrivateKey.from_private_bytes(s_priv).exchange(
        X25519PrivateKey.from_private_bytes(g_priv).public_key())
    tail = ("|" + b64(gp) + "|" + b64(sp)).encode()
    key_s = hkdf(shared, prefix + b"_ENCKEY_S" + tail, 32)
    key_g = hkdf(shared, prefix + b"_ENCKEY_G" + tail, 32)
    code = hkdf(shared, prefix + b"_CHECKCODE" + tail, 2)
    initial = b"initial plaintext of case %d" % i
    s_text = b"S to G, case %d" % i
    g_text = b"G to S, case %d" % i
    initial_message = b64(ChaCha20Poly1305(key_s).encrypt(nonce(0), initial, None)) + "|" + b64(sp)
    s_message = b64(ChaCha20Poly1305(key_s).encrypt(nonce(1), s_text, None))
    g_message = b64(ChaCha20Poly1305(key_g).encrypt(nonce(0), g_text, None))
    # vodozemac's CheckCode::to_digit: (first % 10) * 10 + second % 10.
    digits = (code[0] % 10) * 10 + code[1] % 10
    return [prefix.hex() or "-", g_priv.hex(), s_priv.hex(), code.hex(), str(digits),
            initial.hex(), initial_message, s_text.hex(), s_message, g_text.hex(), g_message]


def main():
    fields = ("info g_random s_random check_code_bytes check_code initial_plaintext "
              "initial_message s_plaintext s_message g_plaintext g_message")
    lines = [
        "# ECIES channels of vodozemac's Ecies::with_info(info) (src/ecies/mod.rs, vodozemac",
        "# commit cfc4eeeb, 0.10.0), computed with Python's cryptography (OpenSSL), not with",
        "# cliquet or libsodium. Written by vectors/gen/gen_ecies_info.py; read by",
        "# test/test_ecies_info.c. G is the recipient (its key in the QR code), S the",
        "# initiator; *_random are the private keys; s_message is S's second message (nonce",
        "# 1, after the initial one), g_message G's first. The first case is the default",
        "# prefix, MATRIX_QR_CODE_LOGIN.",
        "# cases: %d" % len(PREFIXES),
        "# fields: " + fields,
    ]
    for i, p in enumerate(PREFIXES):
        lines.append(" ".join(case(i, p)))
    with open(OUT, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
