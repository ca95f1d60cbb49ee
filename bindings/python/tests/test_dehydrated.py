"""Dehydrated devices (MSC3814, since ABI 1.2): Account.to_dehydrated_device
and Account.from_dehydrated_device, their refusals, and the known answers
of vectors/dehydrated/devices.txt."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cliquet import (Account, ArgumentError, BadKeyError, BadPickleError, CliquetError,
                     DehydratedDevice, StateError, base64_decode, base64_encode)
from cliquet._cliquet import ffi, lib
from cliquet._errors import check

from conftest import STATE_KEY, hex_field, raises, read_vectors

KEY = bytes(range(100, 132))


def flip(text: str, i: int) -> str:
    """The base64 text of the bytes text encodes, with byte i changed."""
    raw = bytearray(base64_decode(text))
    raw[i] ^= 0x40
    return base64_encode(bytes(raw))


def opens(account: Account, one_time_key: str) -> None:
    """A device that writes to account on one_time_key: account must read it
    (its private half matches the public key)."""
    sender = Account()
    out = sender.create_outbound_session(account.identity_keys.curve25519, one_time_key)
    _, got = account.create_inbound_session(out.encrypt("to the dehydrated device"),
                                            sender.identity_keys.curve25519)
    assert got.text == "to the dehydrated device"


def test_round_trip() -> None:
    device = Account()
    device.generate_one_time_keys(3)
    device.generate_fallback_key()
    keys = device.one_time_keys
    assert device.fallback_key is not None
    _, fallback = device.fallback_key
    state = device.pickle_libolm(STATE_KEY)
    dehydrated = device.to_dehydrated_device(KEY)
    assert device.pickle_libolm(STATE_KEY) == state  # the account is not changed
    assert len(base64_decode(dehydrated.nonce)) == 12
    rehydrated = Account.from_dehydrated_device(dehydrated.ciphertext, dehydrated.nonce, KEY)
    assert rehydrated.identity_keys == device.identity_keys
    # Every key arrives published: the server has them already.
    assert rehydrated.one_time_keys == [] and rehydrated.fallback_key is None
    for _, key in keys:
        opens(rehydrated, key)
    opens(rehydrated, fallback)


def test_each_dehydration_has_its_own_nonce() -> None:
    device = Account()
    a, b = device.to_dehydrated_device(KEY), device.to_dehydrated_device(bytearray(KEY))
    assert a.nonce != b.nonce and a.ciphertext != b.ciphertext
    for d in (a, b):
        assert Account.from_dehydrated_device(d.ciphertext, d.nonce,
                                              memoryview(KEY)).identity_keys == \
            device.identity_keys


def test_wrong_key_nonce_or_ciphertext_is_refused() -> None:
    d = Account().to_dehydrated_device(KEY)
    other = Account().to_dehydrated_device(KEY)
    attempts: list[Callable[[], object]] = [
        lambda: Account.from_dehydrated_device(d.ciphertext, d.nonce, bytes(32)),
        lambda: Account.from_dehydrated_device(d.ciphertext, other.nonce, KEY),
        lambda: Account.from_dehydrated_device(d.ciphertext, flip(d.nonce, 0), KEY),
        lambda: Account.from_dehydrated_device(flip(d.ciphertext, 5), d.nonce, KEY),
        lambda: Account.from_dehydrated_device(flip(d.ciphertext, -1), d.nonce, KEY),
    ]
    for attempt in attempts:
        raises(BadPickleError, "CLIQUET_ERR_PICKLE_BAD_KEY", attempt)


def test_lengths_and_encodings_are_checked() -> None:
    device = Account()
    d = device.to_dehydrated_device(KEY)
    for key in (KEY[:31], KEY + b"\0", b""):
        raises(BadKeyError, "CLIQUET_ERR_BAD_KEY_LENGTH", lambda: device.to_dehydrated_device(key))
        raises(BadKeyError, "CLIQUET_ERR_BAD_KEY_LENGTH",
               lambda: Account.from_dehydrated_device(d.ciphertext, d.nonce, key))
    for nonce in (base64_encode(bytes(11)), base64_encode(bytes(13)), ""):
        raises(BadKeyError, "CLIQUET_ERR_BAD_NONCE_LENGTH",
               lambda: Account.from_dehydrated_device(d.ciphertext, nonce, KEY))
    raises(ArgumentError, "CLIQUET_ERR_BAD_BASE64",
           lambda: Account.from_dehydrated_device(d.ciphertext + "=", d.nonce, KEY))
    raises(ArgumentError, "CLIQUET_ERR_BAD_BASE64",
           lambda: Account.from_dehydrated_device(d.ciphertext, d.nonce[:-1] + "*", KEY))
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_CORRUPTED",
           lambda: Account.from_dehydrated_device(d.ciphertext[:8], d.nonce, KEY))
    # docs/limits.md: a text longer than the base64 of the largest device
    # (2,097,241 bytes: 2,796,322 characters) is refused before decoding.
    raises(ArgumentError, "CLIQUET_ERR_INPUT_TOO_LARGE",
           lambda: Account.from_dehydrated_device("A" * 2_796_323, d.nonce, KEY))
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_BAD_KEY",
           lambda: Account.from_dehydrated_device("A" * 2_796_322, d.nonce, KEY))


def test_argument_types() -> None:
    device = Account()
    d = device.to_dehydrated_device(KEY)
    with pytest.raises(TypeError, match="key"):
        device.to_dehydrated_device("0" * 32)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ciphertext"):
        Account.from_dehydrated_device(d.ciphertext.encode(), d.nonce,  # type: ignore[arg-type]
                                       KEY)
    with pytest.raises(TypeError, match="nonce"):
        Account.from_dehydrated_device(d.ciphertext, None, KEY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="key"):
        Account.from_dehydrated_device(d.ciphertext, d.nonce, None)  # type: ignore[arg-type]


def test_an_account_without_its_seed_cannot_be_dehydrated() -> None:
    # libolm's account pickle holds the expanded Ed25519 key, not the seed
    # the dehydrated format carries (vodozemac: InvalidAccount).
    device = Account.from_libolm_pickle(Account().pickle_libolm(STATE_KEY), STATE_KEY)
    raises(StateError, "CLIQUET_ERR_ACCOUNT_NO_SEED", lambda: device.to_dehydrated_device(KEY))


def test_a_closed_account() -> None:
    device = Account()
    device.close()
    with pytest.raises(ValueError, match="closed"):
        device.to_dehydrated_device(KEY)


def test_the_result() -> None:
    assert DehydratedDevice.KEY_BYTES == lib.cliquet_dehydrated_device_key_bytes() == 32
    d = DehydratedDevice("ct", "nonce")
    with pytest.raises(AttributeError):
        d.nonce = "other"  # type: ignore[misc]


# ---- vectors/dehydrated/devices.txt ----------------------------------------

FAMILIES: dict[str, type[CliquetError]] = {
    "CLIQUET_ERR_PICKLE_UNKNOWN_VERSION": BadPickleError,
    "CLIQUET_ERR_PICKLE_CORRUPTED": BadPickleError,
    "CLIQUET_ERR_PICKLE_EXTRA_DATA": BadPickleError,
    "CLIQUET_ERR_TOO_MANY_KEYS": ArgumentError,
}


def vector_account(row: dict[str, str]) -> Account:
    """The account a row's random bytes make (cliquet_random.h), as
    test/test_dehydrated.c makes it."""
    acc, otk, fb = (hex_field(row[f]) for f in ("account_random", "otk_random",
                                                "fallback_random"))
    out = ffi.new("cliquet_account **")
    check(lib.cliquet_account_new_with_random(out, acc, len(acc)))
    account = Account._wrap(out[0])
    with account._use() as p:
        if otk:
            check(lib.cliquet_account_generate_one_time_keys_with_random(
                p, len(otk) // 32, ffi.NULL, otk, len(otk)))
        for i in range(0, len(fb), 32):
            check(lib.cliquet_account_generate_fallback_key_with_random(p, fb[i:i + 32], 32))
    return account


def dehydrate_with_nonce(account: Account, key: bytes, nonce: bytes) -> DehydratedDevice:
    need = ffi.new("size_t *")
    nonce_out = ffi.new("char[]", lib.CLIQUET_DEHYDRATED_DEVICE_NONCE_BASE64_SIZE)
    with account._use() as p:
        status = lib.cliquet_account_to_dehydrated_device_with_random(
            p, ffi.NULL, 0, need, nonce_out, key, len(key), nonce, len(nonce))
        assert status == lib.CLIQUET_ERR_OUTPUT_TOO_SMALL
        out = ffi.new("char[]", need[0])
        check(lib.cliquet_account_to_dehydrated_device_with_random(
            p, out, need[0], need, nonce_out, key, len(key), nonce, len(nonce)))
    return DehydratedDevice(ffi.string(out).decode(), ffi.string(nonce_out).decode())


def test_vectors() -> None:
    made, opened, refused = 0, 0, 0
    for row in read_vectors("dehydrated/devices.txt"):
        key, nonce, ciphertext = hex_field(row["key"]), row["nonce"], row["ciphertext"]
        if row["account_random"] != "-":
            # The same bytes out of cliquet as the generator sealed (OpenSSL).
            made_device = dehydrate_with_nonce(vector_account(row), key,
                                               base64_decode(nonce))
            assert made_device == DehydratedDevice(ciphertext, nonce), row["name"]
            made += 1
        if row["status"] == "CLIQUET_OK":
            account = Account.from_dehydrated_device(ciphertext, nonce, key)
            assert account.identity_keys.curve25519 == row["curve25519"]
            assert account.identity_keys.ed25519 == row["ed25519"]
            publics = hex_field(row["otk_publics"])
            fallback = hex_field(row["fallback_public"])
            # The first and last one-time keys and the fallback key open
            # pre-key messages: the private halves match the public keys.
            for public in {publics[:32], publics[-32:], fallback} - {b""}:
                opens(account, base64_encode(public))
            opened += 1
        else:
            raises(FAMILIES[row["status"]], row["status"],
                   lambda: Account.from_dehydrated_device(ciphertext, nonce, key))
            refused += 1
    assert (made, opened, refused) == (3, 4, 15)
