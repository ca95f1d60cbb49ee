"""Shared fixtures. Hypothesis runs a bounded number of examples per
property (the suite stays short on a shared 2-core machine), without a
database (nothing written to the tree), and prints its seed on failure."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import cliquet
from cliquet._cliquet import lib

settings.register_profile("cliquet", deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cliquet")

PICKLE_KEY = bytes(range(32))
"""A fixed native pickle key."""

STATE_KEY = b"fixed key for state comparisons"
"""libolm-format pickles under a fixed key are deterministic (no nonce):
the tests compare an object's state through them."""


def raises(cls: type[cliquet.CliquetError], name: str,
           fn: Callable[[], object]) -> cliquet.CliquetError:
    """Runs fn, which must raise cls with the C status name and its number."""
    with pytest.raises(cls) as info:
        fn()
    assert info.value.name == name, info.value
    assert info.value.code == getattr(lib, name)
    return info.value


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


REPO = Path(os.environ.get("CLIQUET_REPO", Path(__file__).resolve().parents[3]))
"""The source tree, for the known-answer vectors under vectors/."""


def read_vectors(name: str) -> list[dict[str, str]]:
    """The rows of a table of vectors under vectors/ (one case a line,
    fields separated by spaces, named by the "# fields:" line), each as
    {field: text}. Fails on a row of the wrong width, and on a file that
    says how many cases it has ("# cases: N") and holds another number."""
    fields: list[str] = []
    cases = -1
    rows: list[dict[str, str]] = []
    for line in (REPO / "vectors" / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("# fields:"):
            fields = line.split(":", 1)[1].split()
        elif line.startswith("# cases:"):
            cases = int(line.split(":", 1)[1])
        elif line and not line.startswith("#"):
            values = line.split(" ")
            assert fields and len(values) == len(fields), line[:60]
            rows.append(dict(zip(fields, values)))
    assert rows and cases in (-1, len(rows)), name
    return rows


def hex_field(value: str) -> bytes:
    """A hex field of a vector row; "-" is no bytes."""
    return b"" if value == "-" else bytes.fromhex(value)
