"""Megolm: the group sessions of encrypted rooms."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar

from ._cliquet import ffi, lib
from ._common import (BytesLike, CObject, data_in, make, pickle_with, sized_text,
                      take_bytes, take_text, text_in, unpickle_with, use_two)
from ._config import SessionConfig, config_in, config_out
from ._errors import check


class ReplayVerdict(enum.Enum):
    """What an inbound session's replay record says of a message it has
    just decrypted (cliquet_megolm_replay; the values are the C enum's)."""

    OFF = 0
    """The session keeps no record (the default): detect replays by
    (session_id, message_index) yourself."""
    FIRST_TIME = 1
    """First seen at its index: recorded now."""
    SAME_MESSAGE = 2
    """This very message again: a harmless duplicate, as long as the app
    shows it as the event it first came with."""
    UNTRACKED = 3
    """Older than every index a full record holds: cannot tell."""


class SessionOrdering(enum.Enum):
    """How one inbound session relates to another of the same sender
    (vodozemac's SessionOrdering; the values are the C enum's)."""

    EQUAL = 0
    """Connected, the same first known index."""
    BETTER = 1
    """Connected, this one starts earlier: keep it."""
    WORSE = 2
    """Connected, this one starts later."""
    UNCONNECTED = 3
    """Not copies of one session (another id, another config, or forged)."""


@dataclass(frozen=True)
class ReplayDetection:
    """The state of an inbound session's replay record: whether it is on,
    how many indices it holds (at most
    InboundGroupSession.REPLAY_MAX_ENTRIES) and how many it has dropped,
    lowest first, since it was turned on."""

    on: bool
    entries: int
    evicted: int


@dataclass(frozen=True)
class MegolmDecryptResult:
    """A decrypted room message and what authenticated it. ``imported`` is
    True when the session came from an unsigned export (a forwarded key, a
    backup): the plaintext is then only as authentic as whoever gave the
    export. ``replay`` is what the session's replay record says of the
    message (ReplayVerdict.OFF while the record is off, the default:
    replays then decrypt again, so detect them by (session_id,
    message_index))."""

    # Not in repr(): a logged result must not log the plaintext.
    plaintext: bytes = field(repr=False)
    session_id: str
    message_index: int
    verified: bool
    imported: bool
    replay: ReplayVerdict = ReplayVerdict.OFF

    @property
    def text(self) -> str:
        """The plaintext as UTF-8 text (Matrix payloads are JSON)."""
        return self.plaintext.decode("utf-8")


class OutboundGroupSession(CObject):
    """The room messages this device sends."""

    _free = lib.cliquet_outbound_group_session_free

    def __init__(self, *, config: SessionConfig = SessionConfig.V1) -> None:
        """A new session with fresh random keys, at message index 0. config:
        V2 only for recipients known to speak it (SessionConfig)."""
        cfg = config_in(config)
        self._adopt(make("cliquet_outbound_group_session",
                         lambda out: lib.cliquet_outbound_group_session_new_with_config(
                             out, cfg)))

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
    def config(self) -> SessionConfig:
        """The message format this session writes."""
        out = ffi.new("cliquet_session_config *")
        with self._use() as p:
            check(lib.cliquet_outbound_group_session_get_config(p, out))
        return config_out(out[0])

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

    REPLAY_MAX_ENTRIES: ClassVar[int] = int(lib.cliquet_megolm_replay_max_entries())
    """The most indices a replay record holds before it drops the lowest."""

    def __init__(self, session_key: str, *,
                 config: SessionConfig = SessionConfig.V1) -> None:
        """A session from a signed session key as the sender shared it. A
        session key does not say its config: config must be the sender's."""
        raw = text_in(session_key, "session_key")
        cfg = config_in(config)
        self._adopt(make("cliquet_inbound_group_session",
                         lambda out: lib.cliquet_inbound_group_session_new_with_config(
                             out, cfg, raw, len(raw))))

    @classmethod
    def import_session(cls, exported: str, *,
                       config: SessionConfig = SessionConfig.V1) -> InboundGroupSession:
        """A session from an unsigned export (key backup, forwarded key):
        imported, and unverified until a message decrypts. An export does
        not say its config either."""
        raw = text_in(exported, "exported")
        cfg = config_in(config)
        return cls._wrap(make("cliquet_inbound_group_session",
                              lambda out: lib.cliquet_inbound_group_session_import_with_config(
                                  out, cfg, raw, len(raw))))

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
    def config(self) -> SessionConfig:
        """The message format this session reads."""
        out = ffi.new("cliquet_session_config *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_get_config(p, out))
        return config_out(out[0])

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

    def export(self, index: int | None = None) -> str:
        """The session from index on (by default its first known index), as
        an unsigned export. An index before the first known one is
        BadMessageError CLIQUET_ERR_UNKNOWN_MESSAGE_INDEX."""
        out = ffi.new("char[]", lib.CLIQUET_MEGOLM_EXPORT_BASE64_SIZE)
        with self._use() as p:
            if index is None:
                check(lib.cliquet_inbound_group_session_export_at_first_known_index(p, out))
            else:
                check(lib.cliquet_inbound_group_session_export(p, index, out))
        return take_text(out)

    def decrypt(self, message: str) -> MegolmDecryptResult:
        """Decrypts a base64 room message (cliquet's
        inbound_group_session_decrypt_checked): the result says what
        authenticated it and, in ``replay``, what the replay record says.
        With the record on, another message at a recorded index is
        BadMessageError CLIQUET_ERR_MESSAGE_INDEX_REUSED (two messages
        signed at one index: an attack or a broken sender)."""
        body = text_in(message, "message")
        cap = max(len(body), 1)
        plaintext = ffi.new("uint8_t[]", cap)
        n = ffi.new("size_t *")
        info = ffi.new("cliquet_megolm_decrypt_info *")
        replay = ffi.new("cliquet_megolm_replay *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_decrypt_checked(
                p, body, len(body), plaintext, cap, n, info, replay))
        return MegolmDecryptResult(
            plaintext=take_bytes(plaintext, int(n[0])),
            session_id=take_text(info.session_id),
            message_index=int(info.message_index),
            verified=bool(info.verified),
            imported=bool(info.imported),
            replay=ReplayVerdict(int(replay[0])))

    def compare(self, other: InboundGroupSession) -> SessionOrdering:
        """How this session relates to other (vodozemac's compare): BETTER
        when both are copies of one session and this one starts earlier.
        Changes neither."""
        _check_inbound(other)
        ordering = ffi.new("cliquet_session_ordering *")
        with use_two(self, other) as (a, b):
            check(lib.cliquet_inbound_group_session_compare(a, b, ordering))
        return SessionOrdering(int(ordering[0]))

    def merge(self, other: InboundGroupSession) -> InboundGroupSession:
        """A new session, the best of two copies of one session: the earlier
        start (this one's when equal), verified if either is, imported only
        if both are. Copies of different sessions (or configs) are BadKeyError
        CLIQUET_ERR_UNCONNECTED_SESSIONS. Changes neither."""
        _check_inbound(other)
        with use_two(self, other) as (a, b):
            ptr = make("cliquet_inbound_group_session",
                       lambda out: lib.cliquet_inbound_group_session_merge(out, a, b))
        return InboundGroupSession._wrap(ptr)

    def advance_to(self, index: int) -> bool:
        """Forgets every message index before index, for good. True if the
        session now starts at index; False (nothing changed) if it already
        started there or later."""
        advanced = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_advance_to(p, index, advanced))
        return bool(advanced[0])

    def set_replay_detection(self, on: bool) -> None:
        """Turns the replay record on (kept if on already) or off (its
        entries wiped). Off by default; kept in native pickles, refused by
        libolm's (BadPickleError CLIQUET_ERR_PICKLE_LOSSY unless lossy)."""
        if not isinstance(on, bool):
            raise TypeError(f"on must be bool, not {type(on).__name__}")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_set_replay_detection(p, int(on)))

    @property
    def replay_detection(self) -> ReplayDetection:
        on = ffi.new("int *")
        entries = ffi.new("size_t *")
        evicted = ffi.new("uint32_t *")
        with self._use() as p:
            check(lib.cliquet_inbound_group_session_replay_detection(p, on, entries, evicted))
        return ReplayDetection(bool(on[0]), int(entries[0]), int(evicted[0]))


def _check_inbound(other: object) -> None:
    if not isinstance(other, InboundGroupSession):
        raise TypeError(f"other must be InboundGroupSession, not {type(other).__name__}")
