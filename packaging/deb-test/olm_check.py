"""Debian's python3-olm against whichever libolm.so.3 is installed.

make deb-test runs this with /usr/bin/python3 (the interpreter python3-olm is
built for) three times:

  write  LIB STORE   on Debian's libolm: two accounts, an Olm conversation,
                     a Megolm session and a PK decryption key; every object
                     pickled and a message for each left undelivered.
  check  LIB STORE OUT
                     on the drop-in: every pickle from STORE loads with the
                     same keys and ids and decrypts its undelivered message;
                     the restored objects talk on; fresh Olm and Megolm round
                     trips; then the drop-in writes its own pickles and
                     undelivered messages to OUT.
  read   LIB OUT     on Debian's libolm again: the drop-in's pickles load
                     and decrypt.

LIB is the file libolm.so.3 must resolve to in this process (checked in
/proc/self/maps), so a run can never test the wrong library.
"""

import json
import os
import sys

import olm

KEY = "deb-test pickle key"


def fail(what):
    print("olm_check: FAIL: " + what)
    sys.exit(1)


def expect(cond, what):
    if not cond:
        fail(what)


def loaded_libolm():
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "/libolm.so" in path:
                return os.path.realpath(path)
    return None


def pickles(**objects):
    return {name: obj.pickle(KEY).decode() for name, obj in objects.items()}


def olm_pair():
    """A fresh Olm conversation, Alice to Bob and back; returns the sessions."""
    alice, bob = olm.Account(), olm.Account()
    bob.generate_one_time_keys(1)
    otk = next(iter(bob.one_time_keys["curve25519"].values()))
    bob.mark_keys_as_published()
    a = olm.OutboundSession(alice, bob.identity_keys["curve25519"], otk)
    first = a.encrypt("first")
    expect(isinstance(first, olm.OlmPreKeyMessage), "first Olm message is a pre-key message")
    b = olm.InboundSession(bob, first, alice.identity_keys["curve25519"])
    bob.remove_one_time_keys(b)
    expect(b.decrypt(first) == "first", "Olm pre-key message decrypts")
    expect(a.id == b.id, "both ends of an Olm session have one id")
    reply = b.encrypt("reply")
    expect(isinstance(reply, olm.OlmMessage), "Bob's reply is a normal message")
    expect(a.decrypt(reply) == "reply", "Olm reply decrypts")
    sig = alice.sign("signed by alice")
    olm.ed25519_verify(alice.identity_keys["ed25519"], "signed by alice", sig)
    return alice, bob, a, b


def megolm_pair():
    out = olm.OutboundGroupSession()
    inb = olm.InboundGroupSession(out.session_key)
    expect(inb.id == out.id, "Megolm inbound and outbound share an id")
    for i in range(3):
        text = "room message %d" % i
        plain, index = inb.decrypt(out.encrypt(text))
        expect((plain, index) == (text, i), "Megolm message %d decrypts at index %d" % (i, i))
    return out, inb


def undelivered(alice_s, bob_s, out, pk_public):
    return {
        "to_bob": alice_s.encrypt("undelivered to bob").ciphertext,
        "to_alice": bob_s.encrypt("undelivered to alice").ciphertext,
        "room": out.encrypt("undelivered room message"),
        "pk": vars(olm.PkEncryption(pk_public).encrypt("undelivered backup")),
    }


def write(store):
    alice, bob, a, b = olm_pair()
    out, inb = megolm_pair()
    pk = olm.PkDecryption()
    state = {
        "identity": {"alice": alice.identity_keys, "bob": bob.identity_keys},
        "ids": {"olm": a.id, "megolm": out.id},
        "room_index": out.message_index,
        "undelivered": undelivered(a, b, out, pk.public_key),
        "pk_public": pk.public_key,
        "pickles": pickles(alice=alice, bob=bob, alice_session=a, bob_session=b,
                           outbound=out, inbound=inb, pk=pk),
    }
    with open(store, "w") as f:
        json.dump(state, f)
    print("olm_check: Debian's libolm wrote 7 pickles and 4 undelivered messages")


def load(state):
    p = {k: v.encode() for k, v in state["pickles"].items()}
    objs = {
        "alice": olm.Account.from_pickle(p["alice"], KEY),
        "bob": olm.Account.from_pickle(p["bob"], KEY),
        "alice_session": olm.Session.from_pickle(p["alice_session"], KEY),
        "bob_session": olm.Session.from_pickle(p["bob_session"], KEY),
        "outbound": olm.OutboundGroupSession.from_pickle(p["outbound"], KEY),
        "inbound": olm.InboundGroupSession.from_pickle(p["inbound"], KEY),
        "pk": olm.PkDecryption.from_pickle(p["pk"], KEY),
    }
    expect(objs["alice"].identity_keys == state["identity"]["alice"], "Alice's keys survive")
    expect(objs["bob"].identity_keys == state["identity"]["bob"], "Bob's keys survive")
    expect(objs["alice_session"].id == state["ids"]["olm"], "Olm session id survives")
    expect(objs["bob_session"].id == state["ids"]["olm"], "Olm session id survives (Bob)")
    expect(objs["outbound"].id == state["ids"]["megolm"], "Megolm outbound id survives")
    expect(objs["inbound"].id == state["ids"]["megolm"], "Megolm inbound id survives")
    expect(objs["pk"].public_key == state["pk_public"], "PK public key survives")
    try:
        olm.Account.from_pickle(p["alice"], "not the key")
        fail("an account pickle loaded under the wrong key")
    except olm.OlmAccountError:
        pass
    return objs


def deliver(state, objs):
    u = state["undelivered"]
    expect(objs["bob_session"].decrypt(olm.OlmMessage(u["to_bob"])) == "undelivered to bob",
           "Bob's restored session decrypts Alice's message")
    expect(objs["alice_session"].decrypt(olm.OlmMessage(u["to_alice"])) == "undelivered to alice",
           "Alice's restored session decrypts Bob's message")
    plain, index = objs["inbound"].decrypt(u["room"])
    expect((plain, index) == ("undelivered room message", state["room_index"]),
           "the restored inbound group session decrypts at the right index")
    msg = olm.PkMessage(u["pk"]["ephemeral_key"], u["pk"]["mac"], u["pk"]["ciphertext"])
    expect(objs["pk"].decrypt(msg) == "undelivered backup", "the restored PK key decrypts")


def talk_on(objs):
    a, b = objs["alice_session"], objs["bob_session"]
    for i in range(3):
        expect(b.decrypt(a.encrypt("on %d" % i)) == "on %d" % i, "restored Olm sessions talk on")
        expect(a.decrypt(b.encrypt("back %d" % i)) == "back %d" % i, "and back")
    out, inb = objs["outbound"], objs["inbound"]
    index = out.message_index
    plain, got = inb.decrypt(out.encrypt("after restore"))
    expect((plain, got) == ("after restore", index), "restored Megolm sessions talk on")


def check(store, out_path):
    with open(store) as f:
        state = json.load(f)
    objs = load(state)
    deliver(state, objs)
    talk_on(objs)
    print("olm_check: the drop-in loaded Debian's 7 pickles, decrypted 4 undelivered messages, talked on")
    fresh_alice, fresh_bob, fa, fb = olm_pair()
    fresh_out, fresh_in = megolm_pair()
    exported = olm.InboundGroupSession.import_session(fresh_in.export_session(1))
    expect(exported.first_known_index == 1, "an exported Megolm session starts at its index")
    print("olm_check: fresh Olm and Megolm round trips on the drop-in")
    # The drop-in's turn to write: the restored objects, pickled again.
    pk = objs["pk"]
    mine = {
        "identity": {"alice": objs["alice"].identity_keys, "bob": objs["bob"].identity_keys},
        "ids": state["ids"],
        "room_index": objs["outbound"].message_index,
        "undelivered": undelivered(objs["alice_session"], objs["bob_session"],
                                   objs["outbound"], pk.public_key),
        "pk_public": pk.public_key,
        "pickles": pickles(**objs),
    }
    with open(out_path, "w") as f:
        json.dump(mine, f)


def read(store):
    with open(store) as f:
        state = json.load(f)
    objs = load(state)
    deliver(state, objs)
    talk_on(objs)
    print("olm_check: Debian's libolm loaded the drop-in's 7 pickles and decrypted 4 messages")


def main():
    if len(sys.argv) < 4:
        fail("usage: olm_check.py write|check|read LIB STORE [OUT]")
    mode, lib = sys.argv[1], os.path.realpath(sys.argv[2])
    got = loaded_libolm()
    expect(got == lib, "libolm.so.3 is %s, expected %s" % (got, lib))
    print("olm_check: python3-olm on " + got)
    if mode == "write":
        write(sys.argv[3])
    elif mode == "check" and len(sys.argv) == 5:
        check(sys.argv[3], sys.argv[4])
    elif mode == "read":
        read(sys.argv[3])
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main()
