"""Olm: accounts (device identities) and 1:1 sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ._cliquet import ffi, lib
from ._common import (BytesLike, CData, CObject, data_in, key_in, make, optional_text_in,
                      pickle_with, sized_text, take_bytes, take_text, text_in, unpickle_with)
from ._config import SessionConfig, config_in, config_out
from ._errors import check, error_for


@dataclass(frozen=True)
class IdentityKeys:
    """A device's identity keys, as its device keys publish them under
    ``curve25519:<device>`` and ``ed25519:<device>``."""

    curve25519: str
    ed25519: str


@dataclass(frozen=True)
class OlmMessage:
    """An Olm message as m.olm.v1 carries it: ``{"type": ..., "body": ...}``."""

    PRE_KEY: ClassVar[int] = 0
    NORMAL: ClassVar[int] = 1

    type: int
    body: str


@dataclass(frozen=True)
class OlmDecryptResult:
    """A decrypted Olm message and what authenticated it: the plaintext was
    written by the holder of ``sender_key`` over the session
    ``session_id``. ``evicted_message_keys`` and ``evicted_chains`` count
    what this decryption dropped to stay within bounds (docs/limits.md):
    when they are not zero, later refusals of older messages mean the
    sender went too far ahead, not a forgery."""

    # Not in repr(): a logged result must not log the plaintext.
    plaintext: bytes = field(repr=False)
    sender_key: str
    session_id: str
    evicted_message_keys: int
    evicted_chains: int

    @property
    def text(self) -> str:
        """The plaintext as UTF-8 text (Matrix payloads are JSON)."""
        return self.plaintext.decode("utf-8")


@dataclass(frozen=True)
class DehydratedDevice:
    """A dehydrated device as MSC3814's ``device_data`` carries it
    (algorithm ``org.matrix.msc3814.v2``): ``ciphertext`` is its
    ``device_pickle``, ``nonce`` its ``nonce``, both unpadded base64."""

    KEY_BYTES: ClassVar[int] = int(lib.CLIQUET_DEHYDRATED_DEVICE_KEY_BYTES)
    """The length of a dehydration key."""

    ciphertext: str
    nonce: str


def _olm_result(plaintext: CData, n: CData, info: CData) -> OlmDecryptResult:
    return OlmDecryptResult(
        plaintext=take_bytes(plaintext, int(n[0])),
        sender_key=take_text(info.sender_key),
        session_id=take_text(info.session_id),
        evicted_message_keys=int(info.evicted_message_keys),
        evicted_chains=int(info.evicted_chains))


def _pre_key_body(message: OlmMessage) -> bytes:
    if message.type != OlmMessage.PRE_KEY:
        raise error_for(lib.CLIQUET_ERR_BAD_MESSAGE_TYPE)
    return text_in(message.body, "message body")


class Account(CObject):
    """A device: its identity keys, one-time keys and fallback keys."""

    _free = lib.cliquet_account_free

    def __init__(self) -> None:
        """A new account with fresh identity keys and no one-time keys."""
        self._adopt(make("cliquet_account", lib.cliquet_account_new))

    @classmethod
    def from_pickle(cls, pickle: str, key: BytesLike) -> Account:
        """An account from a native pickle (key: 32 bytes)."""
        return cls._wrap(unpickle_with(lib.cliquet_account_unpickle, "cliquet_account",
                                       pickle, key))

    @classmethod
    def from_libolm_pickle(cls, pickle: str, key: BytesLike) -> Account:
        """An account from a libolm pickle (versions 2 to 4, key: any bytes)."""
        return cls._wrap(unpickle_with(lib.cliquet_account_unpickle_libolm,
                                       "cliquet_account", pickle, key))

    def pickle(self, key: BytesLike) -> str:
        """Native pickle, sealed with a 32-byte key (random nonce: two
        pickles of one state differ)."""
        return pickle_with(lib.cliquet_account_pickle, self, key)

    def pickle_libolm(self, key: BytesLike) -> str:
        """libolm's account pickle (version 4), under a key of any length."""
        return pickle_with(lib.cliquet_account_pickle_libolm, self, key)

    @property
    def identity_keys(self) -> IdentityKeys:
        curve = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        ed = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_account_identity_keys(p, curve, ed))
        return IdentityKeys(take_text(curve), take_text(ed))

    def sign(self, message: BytesLike | str) -> str:
        """The Ed25519 signature of message with the identity key."""
        sig = ffi.new("char[]", lib.CLIQUET_SIGNATURE_BASE64_SIZE)
        data, n = data_in(message, "message")
        with self._use() as p:
            check(lib.cliquet_account_sign(p, sig, data, n))
        return take_text(sig)

    def generate_one_time_keys(self, count: int) -> int:
        """Makes count unpublished one-time keys; returns how many older keys
        this evicted (none while the stock stays at max_one_time_keys)."""
        evicted = ffi.new("size_t *")
        with self._use() as p:
            check(lib.cliquet_account_generate_one_time_keys(p, count, evicted))
        return int(evicted[0])

    @property
    def max_one_time_keys(self) -> int:
        """How many one-time keys a server should hold at most."""
        count = ffi.new("size_t *")
        with self._use() as p:
            check(lib.cliquet_account_max_one_time_keys(p, count))
        return int(count[0])

    @property
    def one_time_keys(self) -> list[tuple[str, str]]:
        """The unpublished one-time keys as (key_id, key), in key-id order:
        publish each as ``signed_curve25519:<key_id>``."""
        count = ffi.new("size_t *")
        key_id = ffi.new("char[]", lib.CLIQUET_KEY_ID_BASE64_SIZE)
        key = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        keys = []
        with self._use() as p:
            check(lib.cliquet_account_one_time_key_count(p, count))
            for i in range(int(count[0])):
                check(lib.cliquet_account_one_time_key(p, i, key_id, key))
                keys.append((take_text(key_id), take_text(key)))
        return keys

    def one_time_key(self, index: int) -> tuple[str, str]:
        """The index-th unpublished one-time key (0 is the oldest)."""
        key_id = ffi.new("char[]", lib.CLIQUET_KEY_ID_BASE64_SIZE)
        key = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_account_one_time_key(p, index, key_id, key))
        return take_text(key_id), take_text(key)

    def mark_keys_as_published(self) -> None:
        """Marks every one-time key and the fallback key as published."""
        with self._use() as p:
            check(lib.cliquet_account_mark_keys_as_published(p))

    def generate_fallback_key(self) -> None:
        """A new fallback key; the current one stays accepted until
        forget_old_fallback_key()."""
        with self._use() as p:
            check(lib.cliquet_account_generate_fallback_key(p))

    @property
    def fallback_key(self) -> tuple[str, str] | None:
        """The unpublished fallback key as (key_id, key), or None."""
        has = ffi.new("int *")
        key_id = ffi.new("char[]", lib.CLIQUET_KEY_ID_BASE64_SIZE)
        key = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_account_fallback_key(p, has, key_id, key))
        if not has[0]:
            return None
        return take_text(key_id), take_text(key)

    def forget_old_fallback_key(self) -> None:
        with self._use() as p:
            check(lib.cliquet_account_forget_old_fallback_key(p))

    def create_outbound_session(self, their_identity_key: str, their_one_time_key: str,
                                *, config: SessionConfig = SessionConfig.V1) -> Session:
        """An Olm session to a device, from its Curve25519 identity key and
        one of its one-time (or fallback) keys claimed from the server.
        config: V2 only with a peer known to speak it (SessionConfig)."""
        ik = text_in(their_identity_key, "their_identity_key")
        otk = text_in(their_one_time_key, "their_one_time_key")
        cfg = config_in(config)
        with self._use() as p:
            ptr = make("cliquet_session",
                       lambda out: lib.cliquet_session_new_outbound_with_config(
                           out, p, cfg, ik, len(ik), otk, len(otk)))
        return Session._wrap(ptr)

    def create_inbound_session(self, message: OlmMessage,
                               their_identity_key: str | None = None, *,
                               config: SessionConfig = SessionConfig.V1
                               ) -> tuple[Session, OlmDecryptResult]:
        """The session a device opened with a pre-key message, in one step:
        decrypts the message and removes the one-time key it used. With
        their_identity_key, a message from another key is refused
        (CLIQUET_ERR_WRONG_SESSION). A message of another config than
        config is CLIQUET_ERR_BAD_MESSAGE_VERSION (vodozemac's
        MismatchedSessionConfig). On any failure nothing changes."""
        body = _pre_key_body(message)
        ik, iklen = optional_text_in(their_identity_key, "their_identity_key")
        cfg = config_in(config)
        cap = max(len(body), 1)
        plaintext = ffi.new("uint8_t[]", cap)
        n = ffi.new("size_t *")
        info = ffi.new("cliquet_olm_decrypt_info *")
        with self._use() as p:
            ptr = make("cliquet_session",
                       lambda out: lib.cliquet_session_new_inbound_with_config(
                           out, p, cfg, ik, iklen, body, len(body), plaintext, cap, n, info))
        return Session._wrap(ptr), _olm_result(plaintext, n, info)

    def to_dehydrated_device(self, key: BytesLike) -> DehydratedDevice:
        """This account as a dehydrated device (MSC3814, vodozemac's
        to_dehydrated_device): its identity keys, one-time keys and current
        fallback key, sealed under key (32 bytes, else BadKeyError
        CLIQUET_ERR_BAD_KEY_LENGTH) with a new random nonce. The account is
        not changed. An account read from a libolm pickle holds no Ed25519
        seed and cannot be dehydrated (StateError
        CLIQUET_ERR_ACCOUNT_NO_SEED)."""
        k, klen = key_in(key, "key")
        nonce = ffi.new("char[]", lib.CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE)
        with self._use() as p:
            ciphertext = sized_text(
                lambda out, cap, need: lib.cliquet_account_to_dehydrated_device(
                    p, out, cap, need, nonce, k, klen))
        return DehydratedDevice(ciphertext, take_text(nonce))

    @classmethod
    def from_dehydrated_device(cls, ciphertext: str, nonce: str, key: BytesLike) -> Account:
        """The account of a dehydrated device (vodozemac's
        from_dehydrated_device): its keys, all marked published. A wrong key
        or nonce, or a changed ciphertext, is BadPickleError
        CLIQUET_ERR_PICKLE_BAD_KEY; a nonce that is not 12 bytes, BadKeyError
        CLIQUET_ERR_BAD_NONCE_LENGTH; the others are in include/cliquet.h."""
        raw = text_in(ciphertext, "ciphertext")
        n = text_in(nonce, "nonce")
        k, klen = key_in(key, "key")
        return cls._wrap(make("cliquet_account",
                              lambda out: lib.cliquet_account_from_dehydrated_device(
                                  out, raw, len(raw), n, len(n), k, klen)))


class Session(CObject):
    """An Olm session: a 1:1 encrypted channel with one device. Made by
    Account.create_outbound_session, Account.create_inbound_session or
    unpickling."""

    _free = lib.cliquet_session_free

    def __init__(self) -> None:
        raise TypeError("use Account.create_outbound_session, "
                        "Account.create_inbound_session or Session.from_pickle")

    @classmethod
    def from_pickle(cls, pickle: str, key: BytesLike) -> Session:
        """A session from a native pickle (key: 32 bytes)."""
        return cls._wrap(unpickle_with(lib.cliquet_session_unpickle, "cliquet_session",
                                       pickle, key))

    @classmethod
    def from_libolm_pickle(cls, pickle: str, key: BytesLike,
                           their_identity_key: str) -> Session:
        """A session from a libolm pickle. libolm does not keep the peer's
        identity key: give the sender key the session was filed under."""
        k, klen = key_in(key, "key")
        raw = text_in(pickle, "pickle")
        ik = text_in(their_identity_key, "their_identity_key")
        return cls._wrap(make("cliquet_session",
                              lambda out: lib.cliquet_session_unpickle_libolm(
                                  out, k, klen, raw, len(raw), ik, len(ik))))

    def pickle(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_session_pickle, self, key)

    def pickle_libolm(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_session_pickle_libolm, self, key)

    @property
    def id(self) -> str:
        """The session id, the same on both sides."""
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_session_id(p, out))
        return take_text(out)

    @property
    def their_identity_key(self) -> str:
        """The Curve25519 identity key of the device this session is with."""
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_session_their_identity_key(p, out))
        return take_text(out)

    @property
    def config(self) -> SessionConfig:
        """The message format this session speaks, chosen when it was made."""
        out = ffi.new("cliquet_session_config *")
        with self._use() as p:
            check(lib.cliquet_session_get_config(p, out))
        return config_out(out[0])

    @property
    def has_received_message(self) -> bool:
        yes = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_session_has_received_message(p, yes))
        return bool(yes[0])

    @property
    def message_type(self) -> int:
        """The type the next encrypt() gives: PRE_KEY until a message from
        the peer has decrypted, NORMAL after."""
        out = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_session_message_type(p, out))
        return int(out[0])

    def matches_inbound(self, message: OlmMessage,
                        their_identity_key: str | None = None) -> bool:
        """Whether a pre-key message was made for this session (and, with
        their_identity_key, by that key)."""
        body = _pre_key_body(message)
        ik, iklen = optional_text_in(their_identity_key, "their_identity_key")
        matches = ffi.new("int *")
        with self._use() as p:
            check(lib.cliquet_session_matches_inbound(p, ik, iklen, body, len(body),
                                                      matches))
        return bool(matches[0])

    def encrypt(self, plaintext: BytesLike | str) -> OlmMessage:
        data, n = data_in(plaintext, "plaintext")
        kind = ffi.new("int *")
        with self._use() as p:
            body = sized_text(lambda out, cap, need: lib.cliquet_session_encrypt(
                p, kind, out, cap, need, data, n))
        return OlmMessage(int(kind[0]), body)

    def decrypt(self, message: OlmMessage) -> OlmDecryptResult:
        """Decrypts a message from the peer. Refusals raise BadMessageError
        (and the others of docs); the session is then unchanged."""
        body = text_in(message.body, "message body")
        cap = max(len(body), 1)
        plaintext = ffi.new("uint8_t[]", cap)
        n = ffi.new("size_t *")
        info = ffi.new("cliquet_olm_decrypt_info *")
        with self._use() as p:
            check(lib.cliquet_session_decrypt(p, message.type, body, len(body),
                                              plaintext, cap, n, info))
        return _olm_result(plaintext, n, info)
