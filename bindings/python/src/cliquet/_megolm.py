"""Megolm: the group sessions of encrypted rooms."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._cliquet import ffi, lib
from ._common import (BytesLike, CObject, data_in, make, pickle_with, sized_text,
                      take_bytes, take_text, text_in, unpickle_with)
from ._errors import check


@dataclass(frozen=True)
class MegolmDecryptResult:
    """A decrypted room message and what authenticated it. ``imported`` is
    True when the session came from an unsigned export (a forwarded key, a
    backup): the plaintext is then only as authentic as whoever gave the
    export. Replays decrypt again: detect them by (session_id,
    message_index)."""

    # Not in repr(): a logged result must not log the plaintext.
    plaintext: bytes = field(repr=False)
    session_id: str
    message_index: int
    verified: bool
    imported: bool

    @property
    def text(self) -> str:
        """The plaintext as UTF-8 text (Matrix payloads are JSON)."""
        return self.plaintext.decode("utf-8")


class OutboundGroupSession(CObject):
    """The room messages this device sends."""

    _free = lib.cliquet_outbound_group_session_free

    def __init__(self) -> None:
        """A new session with fresh random keys, at message index 0."""
        self._adopt(make("cliquet_outbound_group_session",
                         lib.cliquet_outbound_group_session_new))

    @classmethod
    def from_pickle(cls, pickle: str, key: BytesLike) -> OutboundGroupSession:
        return cls._wrap(unpickle_with(lib.cliquet_outbound_group_session_unpickle,
                                       "cliquet_outbound_group_session", pickle, key))

    @classmethod
    def from_libolm_pickle(cls, pickle: str, key: BytesLike) -> OutboundGroupSession:
        return cls._wrap(unpickle_with(lib.cliquet_outbound_group_session_unpickle_libolm,
                                       "cliquet_outbound_group_session", pickle, key))

    def pickle(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_outbound_group_session_pickle, self, key)

    def pickle_libolm(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_outbound_group_session_pickle_libolm, self, key)

    @property
    def id(self) -> str:
        """The session id: the base64 Ed25519 key that signs every message."""
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_outbound_group_session_id(p, out))
        return take_text(out)

    @property
    def message_index(self) -> int:
        """The index the next message will carry."""
        out = ffi.new("uint32_t *")
        with self._use() as p:
            check(lib.cliquet_outbound_group_session_message_index(p, out))
        return int(out[0])

    @property
    def session_key(self) -> str:
        """The signed session key to share (m.room_key's session_key):
        recipients decrypt every message from the current index on."""
        out = ffi.new("char[]", lib.CLIQUET_MEGOLM_SESSION_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_outbound_group_session_key(p, out))
        return take_text(out)

    def encrypt(self, plaintext: BytesLike | str) -> str:
        """A base64 room message; advances the ratchet."""
        data, n = data_in(plaintext, "plaintext")
        with self._use() as p:
            return sized_text(lambda out, cap, need: lib.cliquet_outbound_group_session_encrypt(
                p, out, cap, need, data, n))


class InboundGroupSession(CObject):
    """One sender's room messages, from its session key or an export."""

    _free = lib.cliquet_inbound_group_session_free

    def __init__(self, session_key: str) -> None:
        """A session from a signed session key as the sender shared it."""
        raw = text_in(session_key, "session_key")
        self._adopt(make("cliquet_inbound_group_session",
                         lambda out: lib.cliquet_inbound_group_session_new(
                             out, raw, len(raw))))

    @classmethod
    def import_session(cls, exported: str) -> InboundGroupSession:
        """A session from an unsigned export (key backup, forwarded key):
        imported, and unverified until a message decrypts."""
        raw = text_in(exported, "exported")
        return cls._wrap(make("cliquet_inbound_group_session",
                              lambda out: lib.cliquet_inbound_group_session_import(
                                  out, raw, len(raw))))

    @classmethod
    def from_pickle(cls, pickle: str, key: BytesLike) -> InboundGroupSession:
        return cls._wrap(unpickle_with(lib.cliquet_inbound_group_session_unpickle,
                                       "cliquet_inbound_group_session", pickle, key))

    @classmethod
    def from_libolm_pickle(cls, pickle: str, key: BytesLike) -> InboundGroupSession:
        return cls._wrap(unpickle_with(lib.cliquet_inbound_group_session_unpickle_libolm,
                                       "cliquet_inbound_group_session", pickle, key))

    def pickle(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_inbound_group_session_pickle, self, key)

    def pickle_libolm(self, key: BytesLike, *, lossy: bool = False) -> str:
        """libolm's pickle. An imported session that has decrypted a message
        does not fit it (BadPickleError PICKLE_LOSSY); lossy=True writes it
        anyway, dropping the imported flag."""
        fn = (lib.cliquet_inbound_group_session_pickle_libolm_lossy if lossy
              else lib.cliquet_inbound_group_session_pickle_libolm)
        return pickle_with(fn, self, key)

    @property
    def id(self) -> str:
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_id(p, out))
        return take_text(out)

    @property
    def first_known_index(self) -> int:
        out = ffi.new("uint32_t *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_first_known_index(p, out))
        return int(out[0])

    @property
    def is_verified(self) -> bool:
        out = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_is_verified(p, out))
        return bool(out[0])

    @property
    def is_imported(self) -> bool:
        out = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_is_imported(p, out))
        return bool(out[0])

    def export(self, index: int) -> str:
        """The session from index on, as an unsigned export."""
        out = ffi.new("char[]", lib.CLIQUET_MEGOLM_EXPORT_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_export(p, index, out))
        return take_text(out)

    def decrypt(self, message: str) -> MegolmDecryptResult:
        body = text_in(message, "message")
        cap = max(len(body), 1)
        plaintext = ffi.new("uint8_t[]", cap)
        n = ffi.new("size_t *")
        info = ffi.new("cliquet_megolm_decrypt_info *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_decrypt(p, body, len(body), plaintext,
                                                            cap, n, info))
        return MegolmDecryptResult(
            plaintext=take_bytes(plaintext, int(n[0])),
            session_id=take_text(info.session_id),
            message_index=int(info.message_index),
            verified=bool(info.verified),
            imported=bool(info.imported))
