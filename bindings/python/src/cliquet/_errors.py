"""Every C status becomes a Python exception here, and only here."""

from __future__ import annotations

from ._cliquet import ffi, lib


class CliquetError(Exception):
    """A cliquet call failed. ``name`` is the C status name (for example
    ``"CLIQUET_ERR_BAD_MESSAGE_MAC"``) and ``code`` its number; both are
    stable (docs/abi.md). A failed call changed nothing."""

    code: int
    name: str

    def __init__(self, code: int, name: str) -> None:
        # Both in args, so that copies and pickles of the error rebuild it.
        super().__init__(code, name)
        self.code = code
        self.name = name

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LibraryError(CliquetError):
    """The library could not run the call: not initialised, no memory, no
    randomness, an unsupported CPU feature."""


class ArgumentError(CliquetError):
    """An argument is out of range: not base64, too large, too many keys, an
    index past the end, a buffer too small."""


class BadKeyError(CliquetError):
    """A key that cannot be used: wrong length, not a valid point, of small
    order, a malformed Megolm session key or export."""


class BadSignatureError(CliquetError):
    """An Ed25519 signature did not verify (ed25519_verify, a Megolm message
    or session key signed by another key)."""


class BadMessageError(CliquetError):
    """A message was refused: malformed, forged (MAC), a replay, out of
    the window, for another session, or before the first known index."""


class BadPickleError(CliquetError):
    """A pickle was refused (wrong key, wrong type, unknown version,
    corrupted), or state does not fit the libolm format (PICKLE_LOSSY)."""


class StateError(CliquetError):
    """The object is not ready for this call: a SAS without the other side's
    key, an account without a fallback key."""


# The one map from status names to families. A status not listed (one a
# newer library added) is raised as the base class, with its name.
_FAMILIES: dict[str, type[CliquetError]] = {
    "CLIQUET_ERR_NOT_INITIALISED": LibraryError,
    "CLIQUET_ERR_INIT_FAILED": LibraryError,
    "CLIQUET_ERR_NO_MEMORY": LibraryError,
    "CLIQUET_ERR_UNSUPPORTED": LibraryError,
    "CLIQUET_ERR_INVALID_ARGUMENT": ArgumentError,
    "CLIQUET_ERR_OUTPUT_TOO_SMALL": ArgumentError,
    "CLIQUET_ERR_INPUT_TOO_LARGE": ArgumentError,
    "CLIQUET_ERR_BAD_BASE64": ArgumentError,
    "CLIQUET_ERR_TOO_MANY_KEYS": ArgumentError,
    "CLIQUET_ERR_BAD_KEY_LENGTH": BadKeyError,
    "CLIQUET_ERR_BAD_KEY": BadKeyError,
    "CLIQUET_ERR_ZERO_SHARED_SECRET": BadKeyError,
    "CLIQUET_ERR_BAD_SESSION_KEY": BadKeyError,
    "CLIQUET_ERR_BAD_SIGNATURE": BadSignatureError,
    "CLIQUET_ERR_BAD_CIPHERTEXT_LENGTH": BadMessageError,
    "CLIQUET_ERR_BAD_PADDING": BadMessageError,
    "CLIQUET_ERR_BAD_MESSAGE_VERSION": BadMessageError,
    "CLIQUET_ERR_BAD_MESSAGE_FORMAT": BadMessageError,
    "CLIQUET_ERR_BAD_MESSAGE_MAC": BadMessageError,
    "CLIQUET_ERR_BAD_MESSAGE_KEY_ID": BadMessageError,
    "CLIQUET_ERR_MESSAGE_GAP_TOO_LARGE": BadMessageError,
    "CLIQUET_ERR_DUPLICATE_MESSAGE": BadMessageError,
    "CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX": BadMessageError,
    "CLIQUET_ERR_WRONG_SESSION": BadMessageError,
    "CLIQUET_ERR_BAD_MESSAGE_TYPE": BadMessageError,
    "CLIQUET_ERR_PICKLE_BAD_KEY": BadPickleError,
    "CLIQUET_ERR_PICKLE_WRONG_TYPE": BadPickleError,
    "CLIQUET_ERR_PICKLE_UNKNOWN_VERSION": BadPickleError,
    "CLIQUET_ERR_PICKLE_CORRUPTED": BadPickleError,
    "CLIQUET_ERR_PICKLE_LOSSY": BadPickleError,
    "CLIQUET_ERR_PICKLE_LEGACY_ACCOUNT": BadPickleError,
    "CLIQUET_ERR_PICKLE_EXTRA_DATA": BadPickleError,
    "CLIQUET_ERR_NO_FALLBACK_KEY": StateError,
    "CLIQUET_ERR_SAS_NO_THEIR_KEY": StateError,
    "CLIQUET_ERR_ECIES_NOT_ESTABLISHED": StateError,
    "CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED": StateError,
    "CLIQUET_ERR_MESSAGE_OUT_OF_ORDER": BadMessageError,
    "CLIQUET_ERR_UNCONNECTED_SESSIONS": BadKeyError,
    "CLIQUET_ERR_MESSAGE_INDEX_REUSED": BadMessageError,
    "CLIQUET_ERR_ACCOUNT_NO_SEED": StateError,
    "CLIQUET_ERR_BAD_NONCE_LENGTH": BadKeyError,
}


def status_name(code: int) -> str:
    """The C name of a status, from cliquet_strerror."""
    name: bytes = ffi.string(lib.cliquet_strerror(code))
    return name.decode("ascii")


def error_for(code: int) -> CliquetError:
    """The exception for a non-zero status."""
    name = status_name(code)
    return _FAMILIES.get(name, CliquetError)(code, name)


def check(code: int) -> None:
    """Raises the exception for code unless it is CLIQUET_OK."""
    if code != 0:
        raise error_for(code)
