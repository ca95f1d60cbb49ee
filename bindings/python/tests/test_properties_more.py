"""Hypothesis property tests of the 1.1 and 1.2 calls.

Corruption: random changes to ECIES messages (initial and later) and to
dehydrated devices are refused with a CliquetError, never a crash, and a
refused ECIES message leaves the channel able to read the genuine one.
Megolm: with the replay record on, random deliveries (repeats included) get
FIRST_TIME exactly once per index and SAME_MESSAGE after; copies of one
session from random indices compare and merge as their first known
indices say.
"""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from cliquet import (Account, EciesChannel, InboundGroupSession, OutboundGroupSession,
                     ReplayVerdict, SessionOrdering)

from test_properties import corrupt, refused

KEY = bytes(32)


@settings(max_examples=150)
@given(st.data())
def test_corrupted_ecies_messages_are_refused(data: st.DataObject) -> None:
    g, s = EciesChannel(), EciesChannel()
    initial = s.establish_outbound(g.public_key, b"initial")
    refused(lambda: g.establish_inbound(data.draw(corrupt(initial))))
    assert g.establish_inbound(initial) == b"initial"
    for i in range(data.draw(st.integers(1, 3))):
        message = s.encrypt(f"message {i}")
        err = refused(lambda: g.decrypt(data.draw(corrupt(message))))
        assert err.name != "CLIQUET_ERR_DUPLICATE_MESSAGE"  # nothing was read twice
        assert g.decrypt(message) == f"message {i}".encode()


@settings(max_examples=100)
@given(st.data())
def test_corrupted_dehydrated_devices_are_refused(data: st.DataObject) -> None:
    account = Account()
    account.generate_one_time_keys(data.draw(st.integers(0, 3)))
    device = account.to_dehydrated_device(KEY)
    if data.draw(st.booleans()):
        ciphertext, nonce = data.draw(corrupt(device.ciphertext)), device.nonce
    else:
        ciphertext, nonce = device.ciphertext, data.draw(corrupt(device.nonce))
    refused(lambda: Account.from_dehydrated_device(ciphertext, nonce, KEY))


@settings(max_examples=60)
@given(st.lists(st.integers(0, 29), min_size=1, max_size=80))
def test_replay_verdicts(deliveries: list[int]) -> None:
    out = OutboundGroupSession()
    reader = InboundGroupSession(out.session_key)
    reader.set_replay_detection(True)
    messages = [out.encrypt(f"{i}") for i in range(30)]
    seen: set[int] = set()
    for i in deliveries:
        got = reader.decrypt(messages[i])
        assert (got.text, got.message_index) == (f"{i}", i)
        want = ReplayVerdict.SAME_MESSAGE if i in seen else ReplayVerdict.FIRST_TIME
        assert got.replay is want
        event(want.name)
        seen.add(i)
    assert reader.replay_detection.entries == len(seen)


@settings(max_examples=60)
@given(st.integers(0, 20), st.integers(0, 20), st.booleans())
def test_copies_compare_and_merge_by_first_index(i: int, j: int, signed: bool) -> None:
    out = OutboundGroupSession()
    origin = InboundGroupSession(out.session_key)
    messages = [out.encrypt(f"{k}") for k in range(21)]
    a = InboundGroupSession.import_session(origin.export(i))
    if signed:
        a = origin.merge(origin)
        a.advance_to(i)
    b = InboundGroupSession.import_session(origin.export(j))
    want = (SessionOrdering.EQUAL if i == j else
            SessionOrdering.BETTER if i < j else SessionOrdering.WORSE)
    assert a.compare(b) is want
    merged = a.merge(b)
    assert merged.first_known_index == min(i, j)
    # Verified if either is, imported only if both are.
    assert merged.is_verified == signed and merged.is_imported == (not signed)
    assert merged.decrypt(messages[min(i, j)]).text == f"{min(i, j)}"
