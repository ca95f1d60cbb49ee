"""The ECIES secure channel of MSC4108 (QR-code login; docs/ecies.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ._cliquet import ffi, lib
from ._common import (BytesLike, CData, CObject, Status, data_in, make, sized_text,
                      take_bytes, take_text, text_in)
from ._errors import check

_MAX_PLAINTEXT_BYTES = int(lib.cliquet_ecies_max_plaintext_bytes())


def _opened(raw: bytes, call: Callable[[CData, int, CData], Status]) -> bytes:
    """The plaintext call(out, cap, out_len) writes for the message raw. A
    capacity of the message's length is always enough (include/cliquet.h),
    so no size query runs; nor is more than the largest plaintext, which
    bounds the buffer for a huge message C refuses before it reads it
    (CLIQUET_ERR_INPUT_TOO_LARGE). The buffer is wiped once copied."""
    cap = max(min(len(raw), _MAX_PLAINTEXT_BYTES), 1)
    buf = ffi.new("uint8_t[]", cap)
    n = ffi.new("size_t *")
    check(call(buf, cap, n))
    return take_bytes(buf, int(n[0]))


class EciesChannel(CObject):
    """One side of an ECIES channel (vodozemac's Ecies, then
    EstablishedEcies), byte for byte as vodozemac speaks it.

    The recipient shows ``public_key`` (in a QR code); the initiator scans
    it and calls ``establish_outbound`` with the first plaintext, which
    gives the initial message; the recipient calls ``establish_inbound``
    with that message. Both then show ``check_code``: only when the codes
    match is the channel free of a man in the middle. Each side decrypts
    the other's messages once each, in the order they were sent. A failed
    call leaves the channel as it was: a replay is BadMessageError
    CLIQUET_ERR_DUPLICATE_MESSAGE, a message that overtook an earlier one
    CLIQUET_ERR_MESSAGE_OUT_OF_ORDER, a forgery CLIQUET_ERR_BAD_MESSAGE_MAC;
    using a channel in the wrong state is StateError
    (CLIQUET_ERR_ECIES_NOT_ESTABLISHED, _ALREADY_ESTABLISHED)."""

    _free = lib.cliquet_ecies_channel_free

    MAX_PLAINTEXT_BYTES: ClassVar[int] = int(lib.cliquet_ecies_max_plaintext_bytes())
    """The largest plaintext a channel takes (ArgumentError
    CLIQUET_ERR_INPUT_TOO_LARGE past it)."""
    MAX_INFO_BYTES: ClassVar[int] = int(lib.cliquet_ecies_max_info_bytes())
    """The longest application info prefix."""

    def __init__(self, info: BytesLike | str | None = None) -> None:
        """A fresh channel with a new random X25519 key. info: the
        application prefix keys and check code are derived with (vodozemac's
        Ecies::with_info; a str is taken as UTF-8, as vodozemac's is); None
        is MSC4108's QR-code login ("MATRIX_QR_CODE_LOGIN"). Both sides must
        use the same, or the first message fails as
        CLIQUET_ERR_BAD_MESSAGE_MAC."""
        if info is None:
            self._adopt(make("cliquet_ecies_channel", lib.cliquet_ecies_channel_new))
            return
        raw, n = data_in(info, "info")
        self._adopt(make("cliquet_ecies_channel",
                         lambda out: lib.cliquet_ecies_channel_new_with_info(out, raw, n)))

    @property
    def public_key(self) -> str:
        """Our Curve25519 public key (base64), the one a QR code carries."""
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_ecies_channel_public_key(p, out))
        return take_text(out)

    def establish_outbound(self, their_key: str, plaintext: BytesLike | str) -> str:
        """Establishes this fresh channel toward their_key (the QR code's)
        as the initiator; the initial message, carrying plaintext and our
        public key ("<ciphertext>|<key>")."""
        key = text_in(their_key, "their_key")
        data, n = data_in(plaintext, "plaintext")
        with self._use() as p:
            return sized_text(lambda out, cap, need: lib.cliquet_ecies_channel_establish_outbound(
                p, key, len(key), out, cap, need, data, n))

    def establish_inbound(self, message: str) -> bytes:
        """Establishes this fresh channel as the recipient from the
        initiator's initial message; its plaintext. On any failure the
        channel stays fresh, its key unused."""
        raw = text_in(message, "message")
        with self._use() as p:
            return _opened(raw, lambda out, cap, n: lib.cliquet_ecies_channel_establish_inbound(
                p, raw, len(raw), out, cap, n))

    @property
    def check_code(self) -> int:
        """The check code both sides show, 0 to 99: show it with two digits
        (``f"{code:02d}"``)."""
        code = ffi.new("unsigned *")
        with self._use() as p:
            check(lib.cliquet_ecies_channel_check_code(p, code))
        return int(code[0])

    @property
    def check_code_bytes(self) -> bytes:
        """The check code's two bytes, for renderings other than MSC4108's."""
        out = ffi.new("uint8_t[]", lib.CLIQUET_ECIES_CHECK_CODE_BYTES)
        with self._use() as p:
            check(lib.cliquet_ecies_channel_check_code_bytes(p, out))
        return take_bytes(out, lib.CLIQUET_ECIES_CHECK_CODE_BYTES)

    def encrypt(self, plaintext: BytesLike | str) -> str:
        """The next message to the other side (base64)."""
        data, n = data_in(plaintext, "plaintext")
        with self._use() as p:
            return sized_text(lambda out, cap, need: lib.cliquet_ecies_channel_encrypt(
                p, out, cap, need, data, n))

    def decrypt(self, message: str) -> bytes:
        """The plaintext of the other side's next message."""
        raw = text_in(message, "message")
        with self._use() as p:
            return _opened(raw, lambda out, cap, n: lib.cliquet_ecies_channel_decrypt(
                p, raw, len(raw), out, cap, n))
