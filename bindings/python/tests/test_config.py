"""Session configs (SessionConfig, since ABI 1.2): v1 and v2 Olm and Megolm
sessions, the refusals of the other config's messages, pickles, and the
known answers of vectors/v2."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import cliquet
from cliquet import (Account, ArgumentError, BadKeyError, BadMessageError, BadPickleError,
                     InboundGroupSession, OlmMessage, OutboundGroupSession, Session,
                     SessionConfig, SessionOrdering, base64_decode)
from cliquet._cliquet import ffi, lib
from cliquet._errors import check

from conftest import PICKLE_KEY, STATE_KEY, hex_field, raises, read_vectors

V1, V2 = SessionConfig.V1, SessionConfig.V2
VECTOR_PICKLE_KEY = b"cliquet v2 vectors"  # vectors/v2/README.md


def olm_pair(config: SessionConfig) -> tuple[Session, Session]:
    """Alice's and Bob's sessions of config, the first message read."""
    alice, bob = Account(), Account()
    bob.generate_one_time_keys(1)
    (_, otk), = bob.one_time_keys
    a = alice.create_outbound_session(bob.identity_keys.curve25519, otk, config=config)
    b, first = bob.create_inbound_session(a.encrypt("first"),
                                          alice.identity_keys.curve25519, config=config)
    assert first.text == "first"
    return a, b


def megolm_state(s: InboundGroupSession) -> tuple[object, ...]:
    """What an inbound session holds, in a form that does not depend on a
    random nonce (libolm's pickle cannot hold a v2 session)."""
    return (s.id, s.first_known_index, s.is_verified, s.is_imported, s.export(),
            s.replay_detection)


def test_the_enum_is_the_c_enum() -> None:
    assert V1.value == lib.CLIQUET_SESSION_CONFIG_V1
    assert V2.value == lib.CLIQUET_SESSION_CONFIG_V2
    assert list(SessionConfig) == [V1, V2]


@pytest.mark.parametrize("config", [V1, V2])
def test_olm_round_trip(config: SessionConfig) -> None:
    a, b = olm_pair(config)
    assert a.config is config and b.config is config
    for i in range(3):
        assert a.decrypt(b.encrypt(f"to alice {i}")).text == f"to alice {i}"
        assert b.decrypt(a.encrypt(f"to bob {i}")).text == f"to bob {i}"
    restored = Session.from_pickle(b.pickle(PICKLE_KEY), PICKLE_KEY)
    assert restored.config is config
    assert restored.decrypt(a.encrypt("after restore")).text == "after restore"


def test_the_default_is_v1() -> None:
    alice, bob = Account(), Account()
    bob.generate_one_time_keys(1)
    (_, otk), = bob.one_time_keys
    a = alice.create_outbound_session(bob.identity_keys.curve25519, otk)
    assert a.config is V1
    b, _ = bob.create_inbound_session(a.encrypt("x"))
    assert b.config is V1
    assert OutboundGroupSession().config is V1
    assert InboundGroupSession(OutboundGroupSession().session_key).config is V1


def test_olm_v2_message_lengths() -> None:
    # docs/session-config.md: v2 keeps the whole 32-byte MAC where v1 keeps
    # 8: the same plaintext makes a normal message 24 bytes longer.
    a1, b1 = olm_pair(V1)
    a2, b2 = olm_pair(V2)
    b1.decrypt(a1.encrypt("x"))
    b2.decrypt(a2.encrypt("x"))
    m1, m2 = b1.encrypt("same text"), b2.encrypt("same text")
    assert m1.type == m2.type == OlmMessage.NORMAL
    raw1, raw2 = base64_decode(m1.body), base64_decode(m2.body)
    assert len(raw2) - len(raw1) == 24
    assert raw1[0] == 3 and raw2[0] == 4  # the message version byte


@pytest.mark.parametrize("sent, expected", [(V2, V1), (V1, V2)])
def test_olm_inbound_of_the_other_config_is_refused(sent: SessionConfig,
                                                    expected: SessionConfig) -> None:
    alice, bob = Account(), Account()
    bob.generate_one_time_keys(1)
    (_, otk), = bob.one_time_keys
    a = alice.create_outbound_session(bob.identity_keys.curve25519, otk, config=sent)
    message = a.encrypt("hello")
    before = bob.pickle_libolm(STATE_KEY)
    raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_VERSION",
           lambda: bob.create_inbound_session(message, config=expected))
    # vodozemac's MismatchedSessionConfig: the one-time key is kept.
    assert bob.pickle_libolm(STATE_KEY) == before
    b, result = bob.create_inbound_session(message, config=sent)
    assert result.text == "hello" and b.config is sent


def test_olm_v2_is_refused_by_libolm_pickles() -> None:
    a, b = olm_pair(V2)
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_LOSSY", lambda: a.pickle_libolm(STATE_KEY))
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_LOSSY", lambda: b.pickle_libolm(STATE_KEY))
    a1, _ = olm_pair(V1)
    assert Session.from_libolm_pickle(a1.pickle_libolm(STATE_KEY), STATE_KEY,
                                      a1.their_identity_key).config is V1


@pytest.mark.parametrize("config", [V1, V2])
def test_megolm_round_trip(config: SessionConfig) -> None:
    out = OutboundGroupSession(config=config)
    inbound = InboundGroupSession(out.session_key, config=config)
    assert out.config is config and inbound.config is config
    for i in range(3):
        got = inbound.decrypt(out.encrypt(f"message {i}"))
        assert (got.text, got.message_index, got.verified) == (f"message {i}", i, True)
    imported = InboundGroupSession.import_session(inbound.export(1), config=config)
    assert imported.config is config and imported.first_known_index == 1
    assert imported.decrypt(out.encrypt("later")).text == "later"
    assert OutboundGroupSession.from_pickle(out.pickle(PICKLE_KEY), PICKLE_KEY).config is config
    restored = InboundGroupSession.from_pickle(inbound.pickle(PICKLE_KEY), PICKLE_KEY)
    assert restored.config is config


@pytest.mark.parametrize("sent, expected", [(V2, V1), (V1, V2)])
def test_megolm_message_of_the_other_config_is_refused(sent: SessionConfig,
                                                       expected: SessionConfig) -> None:
    out = OutboundGroupSession(config=sent)
    wrong = InboundGroupSession(out.session_key, config=expected)
    wrong_import = InboundGroupSession.import_session(wrong.export(0), config=expected)
    right = InboundGroupSession(out.session_key, config=sent)
    message = out.encrypt("hello")
    for session in (wrong, wrong_import):
        before = megolm_state(session)
        raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_VERSION",
               lambda: session.decrypt(message))
        assert megolm_state(session) == before
    assert right.decrypt(message).text == "hello"


def test_megolm_v2_is_refused_by_libolm_pickles() -> None:
    out = OutboundGroupSession(config=V2)
    inbound = InboundGroupSession(out.session_key, config=V2)
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_LOSSY", lambda: out.pickle_libolm(STATE_KEY))
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_LOSSY",
           lambda: inbound.pickle_libolm(STATE_KEY))
    # Not even the lossy writer drops a config: the peer would refuse v1.
    raises(BadPickleError, "CLIQUET_ERR_PICKLE_LOSSY",
           lambda: inbound.pickle_libolm(STATE_KEY, lossy=True))


def test_sessions_of_different_configs_are_unconnected() -> None:
    out = OutboundGroupSession()
    v1 = InboundGroupSession(out.session_key, config=V1)
    v2 = InboundGroupSession(out.session_key, config=V2)
    assert v1.id == v2.id
    assert v1.compare(v2) is SessionOrdering.UNCONNECTED
    assert v2.compare(v1) is SessionOrdering.UNCONNECTED
    raises(BadKeyError, "CLIQUET_ERR_UNCONNECTED_SESSIONS", lambda: v1.merge(v2))


def test_config_arguments_are_checked() -> None:
    out = OutboundGroupSession()
    account = Account()
    account.generate_one_time_keys(1)
    (_, otk), = account.one_time_keys
    ik = account.identity_keys.curve25519
    for bad in (2, "v2", None, True):
        with pytest.raises(TypeError, match="SessionConfig"):
            OutboundGroupSession(config=bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="SessionConfig"):
            InboundGroupSession(out.session_key, config=bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="SessionConfig"):
            InboundGroupSession.import_session(
                InboundGroupSession(out.session_key).export(0),
                config=bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="SessionConfig"):
            Account().create_outbound_session(ik, otk, config=bad)  # type: ignore[arg-type]
    # Keyword-only: a positional config is a TypeError, not a session key.
    with pytest.raises(TypeError):
        OutboundGroupSession(V2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Account().create_outbound_session(ik, otk, V2)  # type: ignore[misc]


def test_c_refuses_another_config_value() -> None:
    # What the binding's TypeError stands in front of: C's own check.
    out = ffi.new("cliquet_outbound_group_session **")
    raises(ArgumentError, "CLIQUET_ERR_INVALID_ARGUMENT",
           lambda: check(lib.cliquet_outbound_group_session_new_with_config(out, 3)))
    assert out[0] == ffi.NULL


def test_getters_on_closed_sessions() -> None:
    a, b = olm_pair(V2)
    out = OutboundGroupSession(config=V2)
    inbound = InboundGroupSession(out.session_key, config=V2)
    getters: list[Callable[[], object]] = [lambda: a.config, lambda: out.config,
                                           lambda: inbound.config]
    for obj in (a, out, inbound):
        obj.close()
    for getter in getters:
        with pytest.raises(ValueError, match="closed"):
            getter()
    closed = Account()
    closed.close()
    with pytest.raises(ValueError, match="closed"):
        closed.create_outbound_session(b.their_identity_key, b.their_identity_key, config=V2)


# ---- vectors/v2 -------------------------------------------------------------

def test_megolm_v2_vectors() -> None:
    rows = read_vectors("v2/megolm.txt")
    for row in rows:
        inbound = InboundGroupSession(row["session_key"], config=V2)
        got = inbound.decrypt(row["message"])
        assert got.plaintext == hex_field(row["plaintext"])
        assert got.message_index == int(row["index"]) and got.verified
        raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_VERSION",
               lambda: InboundGroupSession(row["session_key"]).decrypt(row["message"]))
    # The outbound pickles are the v1 twins of each conversation's session
    # at index 0: they share the session key (which carries no config).
    for row in rows:
        if row["index"] == "0":
            twin = OutboundGroupSession.from_libolm_pickle(row["outbound_pickle"],
                                                           VECTOR_PICKLE_KEY)
            assert twin.config is V1 and twin.session_key == row["session_key"]


def test_olm_v2_vectors() -> None:
    for row in read_vectors("v2/olm.txt"):
        bob = Account.from_libolm_pickle(row["bob_pickle"], VECTOR_PICKLE_KEY)
        message = OlmMessage(OlmMessage.PRE_KEY, row["pre_key_message"])
        raises(BadMessageError, "CLIQUET_ERR_BAD_MESSAGE_VERSION",
               lambda: bob.create_inbound_session(message))
        b, first = bob.create_inbound_session(message, config=V2)
        assert first.plaintext == hex_field(row["plaintext"]) and b.config is V2
        # Bob's reply, from the vector's random bytes (cliquet_random.h):
        # exactly the recorded v2 message.
        random = hex_field(row["reply_random"])
        plaintext = hex_field(row["reply_plaintext"])
        kind = ffi.new("int *")
        out = ffi.new("char[]", len(row["reply_message"]) + 1)
        n = ffi.new("size_t *")
        with b._use() as p:
            check(lib.cliquet_session_encrypt_with_random(
                p, kind, out, len(row["reply_message"]) + 1, n, plaintext, len(plaintext),
                random, len(random)))
        assert kind[0] == OlmMessage.NORMAL
        assert ffi.string(out).decode() == row["reply_message"]


def test_the_new_names_are_exported() -> None:
    new = {"SessionConfig", "SessionOrdering", "ReplayVerdict", "ReplayDetection",
           "DehydratedDevice", "EciesChannel"}
    assert new <= set(cliquet.__all__)
    assert all(hasattr(cliquet, name) for name in cliquet.__all__)
    assert cliquet.__all__ == sorted(cliquet.__all__)
