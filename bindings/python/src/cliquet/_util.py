"""Utilities: hashing, signature verification, the strict base64 codec,
versions."""

from __future__ import annotations

from ._cliquet import ffi, lib
from ._common import BytesLike, data_in, sized, take_bytes, take_text, text_in
from ._errors import check


def sha256(data: BytesLike | str) -> str:
    """SHA-256 of data in unpadded base64 (libolm's olm_sha256)."""
    raw, n = data_in(data, "data")
    out = ffi.new("char[]", lib.CLIQUET_SHA256_BASE64_SIZE)
    check(lib.cliquet_sha256_base64(out, raw, n))
    return take_text(out)


def ed25519_verify(key: str, message: BytesLike | str, signature: str) -> None:
    """Returns if signature (base64) is key's valid Ed25519 signature of
    message; raises BadSignatureError (or BadKeyError, ArgumentError for a
    malformed key or text) otherwise. Strict: no malleable signatures."""
    k = text_in(key, "key")
    sig = text_in(signature, "signature")
    msg, n = data_in(message, "message")
    check(lib.cliquet_ed25519_verify(k, len(k), msg, n, sig, len(sig)))


def base64_encode(data: BytesLike | str) -> str:
    """Standard unpadded base64, as Matrix carries keys."""
    raw, n = data_in(data, "data")
    buf, length = sized("char", lambda out, cap, need: lib.cliquet_base64_encode(
        out, cap, need, raw, n))
    return take_text(buf, length)


def base64_decode(text: str) -> bytes:
    """Strict unpadded base64 (no padding, whitespace or trailing bits)."""
    raw = text_in(text, "text")
    buf, length = sized("uint8_t", lambda out, cap, need: lib.cliquet_base64_decode(
        out, cap, need, raw, len(raw)))
    return take_bytes(buf, length)


def version() -> str:
    """The C library's version, e.g. "1.0.0"."""
    raw: bytes = ffi.string(lib.cliquet_version_string())
    return raw.decode("ascii")


def aes_implementation() -> str:
    """"hardware" (AES instructions) or "bitsliced" (portable)."""
    impl = ffi.new("cliquet_aes_impl *")
    check(lib.cliquet_aes_implementation(impl))
    return "hardware" if impl[0] == lib.CLIQUET_AES_HARDWARE else "bitsliced"
