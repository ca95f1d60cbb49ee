"""Key backup (legacy, unauthenticated PK encryption) and signing keys."""

from __future__ import annotations

from dataclasses import dataclass

from ._cliquet import ffi, lib
from ._common import (BytesLike, CObject, data_in, fixed_in, make, pickle_with, sized_text,
                      take_bytes, take_text, text_in, unpickle_with)
from ._errors import check


@dataclass(frozen=True)
class PkMessage:
    """A backup's session_data fields: "ciphertext", "mac", "ephemeral"."""

    ciphertext: str
    mac: str
    ephemeral_key: str


class PkEncryption(CObject):
    """Encrypts to a key backup's public key (m.megolm_backup.v1).

    WARNING: the scheme is unauthenticated (libolm's MAC covers nothing):
    anyone who knows the public key can write backups that decrypt."""

    _free = lib.cliquet_pk_encryption_free

    def __init__(self, recipient_key: str) -> None:
        raw = text_in(recipient_key, "recipient_key")
        self._adopt(make("cliquet_pk_encryption",
                         lambda out: lib.cliquet_pk_encryption_new(out, raw, len(raw))))

    def encrypt_legacy_backup(self, plaintext: BytesLike | str) -> PkMessage:
        data, n = data_in(plaintext, "plaintext")
        mac = ffi.new("char[]", lib.CLIQUET_PK_LEGACY_MAC_BASE64_SIZE)
        eph = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            ciphertext = sized_text(lambda out, cap, need: lib.cliquet_pk_encrypt_legacy_backup(
                p, out, cap, need, mac, eph, data, n))
        return PkMessage(ciphertext, take_text(mac), take_text(eph))


class PkDecryption(CObject):
    """A key backup's decryption key. A successful decryption does NOT mean
    the backup's owner wrote the data (see PkEncryption)."""

    _free = lib.cliquet_pk_decryption_free

    def __init__(self) -> None:
        """A new random key."""
        self._adopt(make("cliquet_pk_decryption", lib.cliquet_pk_decryption_new))

    @classmethod
    def from_private_key(cls, private_key: BytesLike) -> PkDecryption:
        """From the 32 bytes a recovery key encodes."""
        buf = fixed_in(private_key, lib.CLIQUET_PK_PRIVATE_KEY_BYTES, "private_key")
        return cls._wrap(make("cliquet_pk_decryption",
                              lambda out: lib.cliquet_pk_decryption_new_from_private_key(
                                  out, buf)))

    @classmethod
    def from_pickle(cls, pickle: str, key: BytesLike) -> PkDecryption:
        return cls._wrap(unpickle_with(lib.cliquet_pk_decryption_unpickle,
                                       "cliquet_pk_decryption", pickle, key))

    @classmethod
    def from_libolm_pickle(cls, pickle: str, key: BytesLike) -> PkDecryption:
        return cls._wrap(unpickle_with(lib.cliquet_pk_decryption_unpickle_libolm,
                                       "cliquet_pk_decryption", pickle, key))

    def pickle(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_pk_decryption_pickle, self, key)

    def pickle_libolm(self, key: BytesLike) -> str:
        return pickle_with(lib.cliquet_pk_decryption_pickle_libolm, self, key)

    @property
    def public_key(self) -> str:
        """The backup's auth_data public_key."""
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_pk_decryption_public_key(p, out))
        return take_text(out)

    def private_key(self) -> bytes:
        """The 32-byte private key: a secret (Python cannot wipe bytes)."""
        out = ffi.new("uint8_t[]", lib.CLIQUET_PK_PRIVATE_KEY_BYTES)
        with self._use() as p:
            check(lib.cliquet_pk_decryption_private_key(p, out))
        return take_bytes(out, lib.CLIQUET_PK_PRIVATE_KEY_BYTES)

    def decrypt_legacy_backup(self, message: PkMessage) -> bytes:
        eph = text_in(message.ephemeral_key, "ephemeral_key")
        mac = text_in(message.mac, "mac")
        ct = text_in(message.ciphertext, "ciphertext")
        cap = max(len(ct), 1)
        plaintext = ffi.new("uint8_t[]", cap)
        n = ffi.new("size_t *")
        with self._use() as p:
            check(lib.cliquet_pk_decrypt_legacy_backup(p, plaintext, cap, n, eph, len(eph),
                                                       mac, len(mac), ct, len(ct)))
        return take_bytes(plaintext, int(n[0]))


class PkSigning(CObject):
    """An Ed25519 signing key from a 32-byte seed (cross-signing keys)."""

    _free = lib.cliquet_pk_signing_free

    def __init__(self, seed: BytesLike | None = None) -> None:
        """From seed, or from a random seed when None."""
        if seed is None:
            self._adopt(make("cliquet_pk_signing", lib.cliquet_pk_signing_new))
            return
        buf = fixed_in(seed, lib.CLIQUET_PK_SIGNING_SEED_BYTES, "seed")
        self._adopt(make("cliquet_pk_signing",
                         lambda out: lib.cliquet_pk_signing_new_from_seed(out, buf)))

    def seed(self) -> bytes:
        """The 32-byte seed: a secret (Python cannot wipe bytes)."""
        out = ffi.new("uint8_t[]", lib.CLIQUET_PK_SIGNING_SEED_BYTES)
        with self._use() as p:
            check(lib.cliquet_pk_signing_seed(p, out))
        return take_bytes(out, lib.CLIQUET_PK_SIGNING_SEED_BYTES)

    @property
    def public_key(self) -> str:
        out = ffi.new("char[]", lib.CLIQUET_KEY_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_pk_signing_public_key(p, out))
        return take_text(out)

    def sign(self, message: BytesLike | str) -> str:
        data, n = data_in(message, "message")
        out = ffi.new("char[]", lib.CLIQUET_SIGNATURE_BASE64_SIZE)
        with self._use() as p:
            check(lib.cliquet_pk_sign(p, out, data, n))
        return take_text(out)
