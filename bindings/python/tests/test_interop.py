"""Live interop in one process with Debian's python-olm (libolm 3.2):
Olm and Megolm both ways, exports, PK backups, signatures, SAS, and
pickles moved between the two libraries."""

from __future__ import annotations

import olm
from hypothesis import given, settings
from hypothesis import strategies as st

import cliquet
from cliquet import (Account, InboundGroupSession, OlmMessage, OutboundGroupSession,
                     PkDecryption, PkEncryption, PkMessage, PkSigning, Sas, Session)


def olm_otk(account: olm.Account) -> str:
    account.generate_one_time_keys(1)
    key: str = next(iter(account.one_time_keys["curve25519"].values()))
    account.mark_keys_as_published()
    return key


def to_olm(message: OlmMessage) -> olm.OlmMessage | olm.OlmPreKeyMessage:
    if message.type == OlmMessage.PRE_KEY:
        return olm.OlmPreKeyMessage(message.body)
    return olm.OlmMessage(message.body)


def from_olm(message: olm.OlmMessage | olm.OlmPreKeyMessage) -> OlmMessage:
    return OlmMessage(message.message_type, message.ciphertext)


def cliquet_to_libolm() -> tuple[Account, Session, olm.Account, olm.Session]:
    """A cliquet device opens a session to a libolm device."""
    ours, theirs = Account(), olm.Account()
    out = ours.create_outbound_session(theirs.identity_keys["curve25519"], olm_otk(theirs))
    first = out.encrypt("from cliquet")
    inbound = olm.InboundSession(theirs, to_olm(first), ours.identity_keys.curve25519)
    theirs.remove_one_time_keys(inbound)
    assert inbound.decrypt(to_olm(first)) == "from cliquet"
    return ours, out, theirs, inbound


def test_olm_cliquet_to_libolm() -> None:
    ours, out, theirs, inbound = cliquet_to_libolm()
    assert out.id == inbound.id
    reply = inbound.encrypt("from libolm")
    result = out.decrypt(from_olm(reply))
    assert result.text == "from libolm"
    assert result.sender_key == theirs.identity_keys["curve25519"]
    # Out of order, both ways.
    mine = [out.encrypt(f"c{i}") for i in range(4)]
    for i in (3, 0, 2, 1):
        assert inbound.decrypt(to_olm(mine[i])) == f"c{i}"
    theirs_msgs = [inbound.encrypt(f"o{i}") for i in range(3)]
    for i in (2, 1, 0):
        assert out.decrypt(from_olm(theirs_msgs[i])).text == f"o{i}"


def test_olm_libolm_to_cliquet() -> None:
    theirs, ours = olm.Account(), Account()
    ours.generate_one_time_keys(1)
    (_, otk), = ours.one_time_keys
    out = olm.OutboundSession(theirs, ours.identity_keys.curve25519, otk)
    first = out.encrypt("from libolm")
    inbound, result = ours.create_inbound_session(from_olm(first),
                                                  theirs.identity_keys["curve25519"])
    assert result.text == "from libolm" and inbound.id == out.id
    assert result.sender_key == theirs.identity_keys["curve25519"]
    assert ours.one_time_keys == []
    assert out.decrypt(to_olm(inbound.encrypt("from cliquet"))) == "from cliquet"
    for i in range(3):
        assert inbound.decrypt(from_olm(out.encrypt(f"more {i}"))).text == f"more {i}"


def test_fallback_key_interop() -> None:
    ours, theirs = Account(), olm.Account()
    ours.generate_fallback_key()
    fallback = ours.fallback_key
    assert fallback is not None
    out = olm.OutboundSession(theirs, ours.identity_keys.curve25519, fallback[1])
    _, result = ours.create_inbound_session(from_olm(out.encrypt("via fallback")))
    assert result.text == "via fallback"


@settings(max_examples=40)
@given(st.lists(st.tuples(st.booleans(), st.text(min_size=1, max_size=50)),
                min_size=1, max_size=25))
def test_olm_conversation_with_libolm(turns: list[tuple[bool, str]]) -> None:
    _, out, _, inbound = cliquet_to_libolm()
    for from_cliquet, text in turns:
        if from_cliquet:
            assert inbound.decrypt(to_olm(out.encrypt(text))) == text
        else:
            assert out.decrypt(from_olm(inbound.encrypt(text))).text == text


def test_megolm_both_ways() -> None:
    ours = OutboundGroupSession()
    theirs_in = olm.InboundGroupSession(ours.session_key)
    assert theirs_in.id == ours.id
    for i in range(3):
        assert theirs_in.decrypt(ours.encrypt(f"m{i}")) == (f"m{i}", i)

    theirs = olm.OutboundGroupSession()
    theirs.encrypt("before the key")
    ours_in = InboundGroupSession(theirs.session_key)
    assert ours_in.id == theirs.id and ours_in.first_known_index == 1
    result = ours_in.decrypt(theirs.encrypt("after the key"))
    assert (result.text, result.message_index, result.session_id) == \
        ("after the key", 1, theirs.id)
    assert result.verified and not result.imported


def test_megolm_exports_both_ways() -> None:
    sender = olm.OutboundGroupSession()
    theirs = olm.InboundGroupSession(sender.session_key)
    messages = [sender.encrypt(f"m{i}") for i in range(3)]
    ours = InboundGroupSession.import_session(theirs.export_session(1))
    assert ours.is_imported and ours.first_known_index == 1
    result = ours.decrypt(messages[2])
    assert result.text == "m2" and result.imported
    back = olm.InboundGroupSession.import_session(ours.export(1))
    assert back.first_known_index == 1 and back.decrypt(messages[1]) == ("m1", 1)


def test_pickles_moved_between_libraries() -> None:
    # Accounts, both ways.
    ours = Account()
    ours.generate_one_time_keys(3)
    theirs = olm.Account.from_pickle(ours.pickle_libolm(b"pass").encode(), "pass")
    assert theirs.identity_keys == {"curve25519": ours.identity_keys.curve25519,
                                    "ed25519": ours.identity_keys.ed25519}
    assert sorted(theirs.one_time_keys["curve25519"].items()) == ours.one_time_keys
    assert theirs.sign("x") == ours.sign("x")
    theirs.generate_one_time_keys(2)
    back = Account.from_libolm_pickle(theirs.pickle("word").decode(), b"word")
    assert back.one_time_keys == sorted(theirs.one_time_keys["curve25519"].items())
    assert back.identity_keys == ours.identity_keys

    # Olm sessions: each side's session moves to the other library and
    # the conversation carries on.
    account, ours_s, olm_account, theirs_s = cliquet_to_libolm()
    ours_s.decrypt(from_olm(theirs_s.encrypt("ack")))
    moved = olm.Session.from_pickle(ours_s.pickle_libolm(b"k").encode(), "k")
    assert moved.id == ours_s.id
    assert theirs_s.decrypt(moved.encrypt("from the moved session")) == \
        "from the moved session"
    moved_back = Session.from_libolm_pickle(theirs_s.pickle("k").decode(), b"k",
                                            account.identity_keys.curve25519)
    result = moved_back.decrypt(from_olm(moved.encrypt("both moved")))
    assert result.text == "both moved"
    assert result.sender_key == account.identity_keys.curve25519

    # Group sessions.
    out = OutboundGroupSession()
    out.encrypt("0")
    olm_out = olm.OutboundGroupSession.from_pickle(out.pickle_libolm(b"g").encode(), "g")
    assert olm_out.id == out.id and olm_out.message_index == 1
    inbound = InboundGroupSession(out.session_key)
    assert inbound.decrypt(olm_out.encrypt("from the moved session")).message_index == 1
    olm_in = olm.InboundGroupSession.from_pickle(inbound.pickle_libolm(b"g").encode(), "g")
    assert olm_in.decrypt(out.encrypt("again")) == ("again", 1)
    ours_in = InboundGroupSession.from_libolm_pickle(olm_in.pickle("g").decode(), b"g")
    assert ours_in.decrypt(olm_out.encrypt("x")).message_index == 2
    olm_out2 = olm.OutboundGroupSession()
    ours_out = OutboundGroupSession.from_libolm_pickle(olm_out2.pickle("g").decode(), b"g")
    assert ours_out.session_key == olm_out2.session_key

    # Backup keys.
    dec = PkDecryption()
    olm_dec = olm.PkDecryption.from_pickle(dec.pickle_libolm(b"p").encode(), "p")
    assert olm_dec.public_key == dec.public_key
    assert PkDecryption.from_libolm_pickle(olm_dec.pickle("p").decode(), b"p").public_key \
        == dec.public_key


def test_pk_backup_both_ways() -> None:
    dec = olm.PkDecryption()
    msg = PkEncryption(dec.public_key).encrypt_legacy_backup('{"a": 1}')
    assert dec.decrypt(olm.PkMessage(msg.ephemeral_key, msg.mac, msg.ciphertext)) == '{"a": 1}'
    ours = PkDecryption()
    theirs = olm.PkEncryption(ours.public_key).encrypt('{"b": 2}')
    assert ours.decrypt_legacy_backup(
        PkMessage(theirs.ciphertext, theirs.mac, theirs.ephemeral_key)) == b'{"b": 2}'


def test_signing_and_hashes() -> None:
    seed = olm.PkSigning.generate_seed()
    theirs, ours = olm.PkSigning(seed), PkSigning(seed)
    assert ours.public_key == theirs.public_key
    assert ours.sign("cross-signing") == theirs.sign("cross-signing")
    olm.ed25519_verify(ours.public_key, "cross-signing", ours.sign("cross-signing"))
    account = olm.Account()
    cliquet.ed25519_verify(account.identity_keys["ed25519"], "device keys",
                           account.sign("device keys"))
    assert cliquet.sha256("hash me") == olm.sha256("hash me")


def test_sas_with_libolm() -> None:
    ours, theirs = Sas(), olm.Sas()
    ours.set_their_key(theirs.pubkey)
    theirs.set_their_pubkey(ours.public_key)
    info = "MATRIX_KEY_VERIFICATION_SAS|interop"
    assert ours.generate_bytes(info, 6) == theirs.generate_bytes(info, 6)
    assert ours.calculate_mac("key", "mac info") == \
        theirs.calculate_mac_fixed_base64("key", "mac info")
    assert ours.calculate_mac_legacy_base64("key", "mac info") == \
        theirs.calculate_mac("key", "mac info")
    assert ours.calculate_mac_long_kdf("key", "mac info") == \
        theirs.calculate_mac_long_kdf("key", "mac info")
