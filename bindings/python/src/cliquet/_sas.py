"""Short authentication strings (m.sas.v1 interactive verification)."""

from __future__ import annotations

from ._cliquet import ffi, lib
from ._common import BytesLike, CData, CObject, data_in, make, take_bytes, take_text, text_in
from ._errors import check


class Sas(CObject):
    """One verification: an ephemeral key pair; once the other side's key is
    set, SAS bytes and MACs. Calls needing it raise StateError before."""

    _free = lib.cliquet_sas_free

    def __init__(self) -> None:
        self._adopt(make("cliquet_sas", lib.cliquet_sas_new))

    @property
    def public_key(self) -> str:
        """Our ephemeral key, for m.key.verification.key."""
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_sas_public_key(p, out))
        return take_text(out)

    def set_their_key(self, their_key: str) -> None:
        raw = text_in(their_key, "their_key")
        with self._use() as p:
            check(lib.cliquet_sas_set_their_key(p, raw, len(raw)))

    @property
    def is_their_key_set(self) -> bool:
        out = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_sas_is_their_key_set(p, out))
        return bool(out[0])

    def generate_bytes(self, info: BytesLike | str, length: int) -> bytes:
        """length bytes of HKDF(shared secret, info), for emoji or decimals."""
        if length < 0:
            raise ValueError("length must not be negative")
        data, n = data_in(info, "info")
        out = ffi.new("uint8_t[]", max(length, 1))
        with self._use() as p:
            check(lib.cliquet_sas_generate_bytes(p, out, length, data, n))
        return take_bytes(out, length)

    def _mac(self, fn: CData, message: BytesLike | str, info: BytesLike | str) -> str:
        msg, mlen = data_in(message, "message")
        data, n = data_in(info, "info")
        out = ffi.new("char[]", lib.CLIQUET_SAS_MAC_BASE64_SIZE)
        with self._use() as p:
            check(fn(p, out, msg, mlen, data, n))
        return take_text(out)

    def calculate_mac(self, message: BytesLike | str, info: BytesLike | str) -> str:
        """The MAC for m.key.verification.mac, method hkdf-hmac-sha256.v2."""
        return self._mac(lib.cliquet_sas_calculate_mac, message, info)

    def calculate_mac_legacy_base64(self, message: BytesLike | str,
                                    info: BytesLike | str) -> str:
        """LEGACY method hkdf-hmac-sha256 (libolm's broken base64)."""
        return self._mac(lib.cliquet_sas_calculate_mac_legacy_base64, message, info)

    def calculate_mac_long_kdf(self, message: BytesLike | str,
                               info: BytesLike | str) -> str:
        """LEGACY: an old Riot's MAC (libolm's calculate_mac_long_kdf)."""
        return self._mac(lib.cliquet_sas_calculate_mac_long_kdf, message, info)
