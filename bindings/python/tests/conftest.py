"""Shared fixtures. Hypothesis runs a bounded number of examples per
property (the suite stays short on a shared 2-core machine), without a
database (nothing written to the tree), and prints its seed on failure."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

import cliquet

settings.register_profile("cliquet", deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cliquet")

PICKLE_KEY = bytes(range(32))
"""A fixed native pickle key."""

STATE_KEY = b"fixed key for state comparisons"
"""libolm-format pickles under a fixed key are deterministic (no nonce):
the tests compare an object's state through them."""


@dataclass
class Pair:
    """Two devices with an Olm session each way, both sides' first message
    already exchanged."""

    alice: cliquet.Account
    bob: cliquet.Account
    a: cliquet.Session
    b: cliquet.Session


def make_pair() -> Pair:
    alice, bob = cliquet.Account(), cliquet.Account()
    bob.generate_one_time_keys(1)
    (_, otk), = bob.one_time_keys
    a = alice.create_outbound_session(bob.identity_keys.curve25519, otk)
    b, first = bob.create_inbound_session(a.encrypt(b"hello"), alice.identity_keys.curve25519)
    assert first.plaintext == b"hello"
    assert a.decrypt(b.encrypt(b"hi")).plaintext == b"hi"
    return Pair(alice, bob, a, b)


@pytest.fixture
def pair() -> Pair:
    return make_pair()
