"""The ECIES secure channel (EciesChannel, MSC4108; since ABI 1.1, the info
prefix since 1.2): both directions, refusals, states, and the known answers
of vectors/ecies (OpenSSL-computed channels with an info prefix, and a live
vodozemac transcript)."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

from cliquet import (ArgumentError, BadKeyError, BadMessageError, CliquetError, EciesChannel,
                     StateError, base64_decode, base64_encode)
from cliquet._cliquet import ffi, lib
from cliquet._errors import check

from conftest import REPO, hex_field, raises, read_vectors

LOW_ORDER = "A" * 43  # base64 of 32 zero bytes: X25519 gives an all-zero secret


def connect(info: bytes | str | None = None) -> tuple[EciesChannel, EciesChannel]:
    """(G, S): the recipient G showed its key, the initiator S scanned it and
    sent the initial message, G read it."""
    g, s = EciesChannel(info), EciesChannel(info)
    initial = s.establish_outbound(g.public_key, b"initial")
    assert g.establish_inbound(initial) == b"initial"
    return g, s


def flip(text: str, i: int) -> str:
    """The base64 text of the bytes text encodes, with byte i changed."""
    raw = bytearray(base64_decode(text))
    raw[i] ^= 0x01
    return base64_encode(bytes(raw))


def short(key: str) -> str:
    """A base64 key one byte short."""
    return base64_encode(base64_decode(key)[:-1])


def test_both_directions() -> None:
    g, s = connect()
    assert g.check_code == s.check_code and 0 <= g.check_code <= 99
    assert g.check_code_bytes == s.check_code_bytes and len(g.check_code_bytes) == 2
    for i in range(5):
        assert g.decrypt(s.encrypt(f"S to G {i}")) == f"S to G {i}".encode()
        assert s.decrypt(g.encrypt(bytearray(b"G to S %d" % i))) == b"G to S %d" % i
    assert g.decrypt(s.encrypt(b"")) == b""
    big = bytes(range(256)) * 100
    assert s.decrypt(g.encrypt(memoryview(big))) == big


def test_the_public_key_stays() -> None:
    g = EciesChannel()
    key = g.public_key
    assert len(base64_decode(key)) == 32
    s = EciesChannel()
    g.establish_inbound(s.establish_outbound(key, "x"))
    assert g.public_key == key and s.public_key != key


def test_check_codes_differ_between_channels() -> None:
    codes = {connect()[0].check_code_bytes for _ in range(8)}
    assert len(codes) > 1  # 2 random bytes each: 8 equal ones is a 2^-112 event


def test_info_prefix() -> None:
    infos: list[bytes | str] = ["ORG_EXAMPLE_CHANNEL", b"ORG_EXAMPLE_CHANNEL", b"", "é" * 64,
                                b"\x00" * EciesChannel.MAX_INFO_BYTES]
    for info in infos:
        g, s = connect(info)
        assert g.decrypt(s.encrypt("hello")) == b"hello"
    # A str is its UTF-8: both spellings make one channel.
    g, s = EciesChannel("CANAL_SÉCURISÉ"), EciesChannel("CANAL_SÉCURISÉ".encode())
    g.establish_inbound(s.establish_outbound(g.public_key, "x"))
    assert g.check_code_bytes == s.check_code_bytes


def test_different_prefixes_are_refused() -> None:
    for ours, theirs in ((None, "OTHER"), ("ONE", "TWO"), ("", None),
                         ("MATRIX_QR_CODE_LOGIN", "MATRIX_QR_CODE_LOGIN ")):
        g, s = EciesChannel(ours), EciesChannel(theirs)
        initial = s.establish_outbound(g.public_key, "hello")
        raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_MAC",
               lambda: g.establish_inbound(initial))
        # G is still fresh, its key unused: the right initiator can connect.
        right = EciesChannel(ours)
        assert g.establish_inbound(right.establish_outbound(g.public_key, "ok")) == b"ok"


def test_the_default_prefix_is_msc4108s() -> None:
    g, s = EciesChannel(), EciesChannel("MATRIX_QR_CODE_LOGIN")
    assert g.establish_inbound(s.establish_outbound(g.public_key, "same")) == b"same"


def test_info_bounds_and_types() -> None:
    raises(ArgumentError, "CLIQUET_ERR_INPUT_TOO_LARGE",
           lambda: EciesChannel(b"x" * (EciesChannel.MAX_INFO_BYTES + 1)))
    raises(ArgumentError, "CLIQUET_ERR_INPUT_TOO_LARGE",
           lambda: EciesChannel("é" * 65))  # 130 bytes of UTF-8
    for bad in (5, ["x"], 1.0):
        with pytest.raises(TypeError, match="info"):
            EciesChannel(bad)  # type: ignore[arg-type]


def test_tampering_is_refused_and_changes_nothing() -> None:
    g, s = connect()
    message = s.encrypt("genuine")
    for i in (0, 5, -1):
        raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_MAC", lambda: g.decrypt(flip(message, i)))
    raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_MAC", lambda: g.decrypt(g.encrypt("mine")))
    raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_FORMAT",
           lambda: g.decrypt(base64_encode(bytes(15))))
    raises(ArgumentError, "CLIQUET_ERR_BAD_BASE64", lambda: g.decrypt(message + "="))
    assert g.decrypt(message) == b"genuine"  # still the next one
    # Another channel's message.
    other_g, other_s = connect()
    raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_MAC",
           lambda: g.decrypt(other_s.encrypt("elsewhere")))


def test_replays_and_order() -> None:
    g, s = connect()
    m1, m2, m3 = s.encrypt("one"), s.encrypt("two"), s.encrypt("three")
    raises(BadMessageError, "CLIQUET_ERR_MESSAGE_OUT_OF_ORDER", lambda: g.decrypt(m2))
    assert g.decrypt(m1) == b"one"
    raises(BadMessageError, "CLIQUET_ERR_DUPLICATE_MESSAGE", lambda: g.decrypt(m1))
    assert g.decrypt(m2) == b"two" and g.decrypt(m3) == b"three"


def test_tampered_initial_messages() -> None:
    g, s = EciesChannel(), EciesChannel()
    initial = s.establish_outbound(g.public_key, "hello")
    ciphertext, key = initial.split("|")
    refusals: list[tuple[type[CliquetError], str, str]] = [
        (BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_MAC", flip(ciphertext, 3) + "|" + key),
        (BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_MAC", ciphertext + "|" + flip(key, 0)),
        (BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_FORMAT", ciphertext + key),
        (BadKeyError, "CLIQUET_ERR_BAD_KEY_LENGTH", ciphertext + "|" + short(key)),
        (BadKeyError, "CLIQUET_ERR_ZERO_SHARED_SECRET", ciphertext + "|" + LOW_ORDER),
        (ArgumentError, "CLIQUET_ERR_BAD_BASE64", ciphertext + "|" + key[:-1] + "*"),
    ]
    for cls, name, text in refusals:
        raises(cls, name, lambda: g.establish_inbound(text))
    assert g.establish_inbound(initial) == b"hello"


def test_states() -> None:
    fresh = EciesChannel()
    calls: list[Callable[[], object]] = [
        lambda: fresh.check_code, lambda: fresh.check_code_bytes,
        lambda: fresh.encrypt("x"), lambda: fresh.decrypt(base64_encode(bytes(32)))]
    for call in calls:
        raises(StateError, "CLIQUET_ERR_ECIES_NOT_ESTABLISHED", call)
    g, s = connect()
    raises(StateError, "CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED",
           lambda: s.establish_outbound(g.public_key, "again"))
    raises(StateError, "CLIQUET_ERR_ECIES_ALREADY_ESTABLISHED",
           lambda: g.establish_inbound(EciesChannel().establish_outbound(g.public_key, "x")))
    assert g.decrypt(s.encrypt("still fine")) == b"still fine"


def test_bad_keys_for_outbound() -> None:
    g = EciesChannel()
    s = EciesChannel()
    raises(BadKeyError, "CLIQUET_ERR_ZERO_SHARED_SECRET",
           lambda: s.establish_outbound(LOW_ORDER, "x"))
    raises(BadKeyError, "CLIQUET_ERR_BAD_KEY_LENGTH",
           lambda: s.establish_outbound(short(g.public_key), "x"))
    raises(ArgumentError, "CLIQUET_ERR_BAD_BASE64",
           lambda: s.establish_outbound(g.public_key + "=", "x"))
    # Every refusal left s fresh.
    assert g.establish_inbound(s.establish_outbound(g.public_key, "now")) == b"now"


def test_plaintext_bound() -> None:
    g, s = connect()
    too_big = bytes(EciesChannel.MAX_PLAINTEXT_BYTES + 1)
    raises(ArgumentError, "CLIQUET_ERR_INPUT_TOO_LARGE", lambda: s.encrypt(too_big))
    raises(ArgumentError, "CLIQUET_ERR_INPUT_TOO_LARGE",
           lambda: EciesChannel().establish_outbound(g.public_key, too_big))
    largest = bytes(EciesChannel.MAX_PLAINTEXT_BYTES)
    assert g.decrypt(s.encrypt(largest)) == largest
    raises(ArgumentError, "CLIQUET_ERR_INPUT_TOO_LARGE", lambda: g.decrypt("A" * 2_000_000))


def test_argument_types() -> None:
    g, s = connect()
    with pytest.raises(TypeError, match="plaintext"):
        s.encrypt(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="message"):
        g.decrypt(s.encrypt("x").encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="their_key"):
        EciesChannel().establish_outbound(g.public_key.encode(), "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="message"):
        EciesChannel().establish_inbound(None)  # type: ignore[arg-type]


def test_closed_channels() -> None:
    with EciesChannel() as c:
        key = c.public_key
    assert c.closed
    calls: list[Callable[[], object]] = [
        lambda: c.public_key, lambda: c.check_code, lambda: c.check_code_bytes,
        lambda: c.encrypt("x"), lambda: c.decrypt("AAAA"), lambda: c.establish_inbound("A|B"),
        lambda: c.establish_outbound(key, "x")]
    for call in calls:
        with pytest.raises(ValueError, match="closed"):
            call()
    c.close()  # twice: nothing


# ---- vectors/ecies ----------------------------------------------------------

def channel_from(random: bytes, info: bytes | None) -> EciesChannel:
    """A channel with a given private key (cliquet_random.h)."""
    out = ffi.new("cliquet_ecies_channel **")
    if info is None:
        check(lib.cliquet_ecies_channel_new_with_random(out, random, len(random)))
    else:
        check(lib.cliquet_ecies_channel_new_with_info_and_random(out, info, len(info), random,
                                                                 len(random)))
    return EciesChannel._wrap(out[0])


def test_info_vectors() -> None:
    rows = read_vectors("ecies/info.txt")
    for row in rows:
        info = hex_field(row["info"])
        g = channel_from(hex_field(row["g_random"]), info)
        s = channel_from(hex_field(row["s_random"]), info)
        initial = hex_field(row["initial_plaintext"])
        assert s.establish_outbound(g.public_key, initial) == row["initial_message"]
        assert g.establish_inbound(row["initial_message"]) == initial
        assert g.check_code_bytes == s.check_code_bytes == hex_field(row["check_code_bytes"])
        assert g.check_code == s.check_code == int(row["check_code"])
        s_pt, g_pt = hex_field(row["s_plaintext"]), hex_field(row["g_plaintext"])
        assert s.encrypt(s_pt) == row["s_message"] and g.decrypt(row["s_message"]) == s_pt
        assert g.encrypt(g_pt) == row["g_message"] and s.decrypt(row["g_message"]) == g_pt
    assert rows[0]["info"] == b"MATRIX_QR_CODE_LOGIN".hex()
    # The default constructor is the first row's prefix.
    g = channel_from(hex_field(rows[0]["g_random"]), None)
    s = channel_from(hex_field(rows[0]["s_random"]), None)
    assert s.establish_outbound(g.public_key, hex_field(rows[0]["initial_plaintext"])) == \
        rows[0]["initial_message"]


def vodozemac_transcripts() -> dict[str, list[tuple[str, str]]]:
    """vectors/ecies/vodozemac.txt: each vector's (field, value) lines."""
    vectors: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for line in (REPO / "vectors" / "ecies" / "vodozemac.txt").read_text().splitlines():
        if line.startswith("vector: "):
            current = vectors.setdefault(line.split(": ", 1)[1], [])
        elif line and not line.startswith("#") and line != "end":
            field, value = line.split(": ", 1)
            current.append((field, value))
    return vectors


def test_vodozemac_transcript() -> None:
    # vodozemac initiated; cliquet is the recipient whose key the QR code
    # showed. Every message but cliquet's was written by vodozemac.
    lines = vodozemac_transcripts()["vodozemac-outbound"]
    fields = dict(lines)
    g = channel_from(bytes.fromhex(fields["cliquet_random"]), None)
    assert g.public_key == fields["cliquet_public_key"]
    assert g.establish_inbound(fields["initial_message"]) == \
        fields["initial_plaintext"].encode()
    assert g.check_code == int(fields["check_code"])
    exchanged = 0
    for field, value in lines:
        message, _, plaintext = value.partition(" ")
        if field == "peer_message":
            assert g.decrypt(message) == plaintext.encode()
            exchanged += 1
        elif field == "cliquet_message":
            assert g.encrypt(plaintext) == message
            exchanged += 1
    assert exchanged == 16


def test_the_finaliser_frees_channels_in_every_state() -> None:
    # Fresh, established and closed channels dropped together: each C
    # object is freed once (a double free would crash in gc.collect()).
    for _ in range(100):
        fresh = EciesChannel("x")
        g, s = connect()
        closed = EciesChannel()
        closed.close()
        del fresh, g, s, closed
    gc.collect()
