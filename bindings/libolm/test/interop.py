"""Conversations across libraries: one side runs the shim, the other Debian's
libolm, each in its own process (both export the same symbols, so they
cannot share one). The sides are peer.c built against each library, and
Debian's python-olm (python_olm_peer.py) loading libolm.so.3 through cffi,
with LD_LIBRARY_PATH pointing at the shim or not. Every scenario runs in
both directions, and pickles written on one side are restored on the other.

Usage: interop.py <shim build dir> [c|python|all]
Prints cmocka-style counts for test/run.sh.
SPDX-License-Identifier: Apache-2.0
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-olm lives there


class PeerError(Exception):
    pass


class Peer:
    """A process speaking peer.c's line protocol."""

    def __init__(self, kind, shim_dir):
        self.kind = kind
        env = dict(os.environ)
        env.pop("LD_LIBRARY_PATH", None)
        if kind == "c-shim":
            argv = [os.path.join(shim_dir, "test", "peer_shim")]
        elif kind == "c-ref":
            argv = [os.path.join(shim_dir, "test", "peer_ref")]
        else:
            argv = [SYSTEM_PYTHON, os.path.join(HERE, "python_olm_peer.py")]
            if kind == "py-shim":
                env["LD_LIBRARY_PATH"] = shim_dir
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env,
                                     universal_newlines=True, bufsize=1)
        where = self.ask("whoami")[0]
        shim = os.path.realpath(shim_dir) in os.path.realpath(where)
        if shim != kind.endswith("shim"):
            raise PeerError("%s runs %s" % (kind, where))

    def call(self, *words):
        """The answer's words after OK, or PeerError with the ERR text."""
        self.proc.stdin.write(" ".join(str(w) for w in words) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer.startswith("OK"):
            return answer[2:].split()
        raise PeerError("%s: %s -> %s" % (self.kind, words[0], answer))

    def ask(self, *words):
        return self.call(*words)

    def fails(self, expected, *words):
        """The call must fail with the libolm error `expected`."""
        try:
            self.call(*words)
        except PeerError as error:
            if str(error).endswith("ERR " + expected):
                return
            raise
        raise PeerError("%s: %s succeeded, expected %s" % (self.kind, words[0],
                                                          expected))

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=10)


def hexed(s):
    return s.encode("ascii").hex()


def check(condition, what):
    if not condition:
        raise PeerError(what)


# ---- scenarios: a and b are Peer factories for the two sides ---------------

def olm_conversation(a, b):
    """Pre-key messages, replies out of order, a second pre-key message,
    a fallback-key session, duplicates refused."""
    alice, bob = a(), b()
    alice_curve, _ = alice.ask("account")
    bob_curve, _ = bob.ask("account")
    otk = bob.ask("otk")[0]
    alice.ask("outbound", 0, bob_curve, otk)
    t1, m1 = alice.ask("encrypt", 0, hexed("first"))
    t2, m2 = alice.ask("encrypt", 0, hexed("second"))
    check(t1 == "0" and t2 == "0", "pre-key messages until a reply")
    check(bob.ask("inbound", 0, alice_curve, m1)[0] == hexed("first"), "first")
    check(bob.ask("decrypt", 0, 0, m2)[0] == hexed("second"), "second")
    bob.fails("BAD_MESSAGE_MAC", "decrypt", 0, 0, m2)
    check(alice.ask("session_id", 0) == bob.ask("session_id", 0), "session ids")
    replies = [bob.ask("encrypt", 0, hexed("reply %d" % i)) for i in range(3)]
    check(all(t == "1" for t, _ in replies), "replies are normal messages")
    for i in (2, 0, 1):
        check(alice.ask("decrypt", 0, 1, replies[i][1])[0] == hexed("reply %d" % i),
              "reply %d" % i)
    alice.fails("BAD_MESSAGE_MAC", "decrypt", 0, 1, replies[0][1])
    t, m = alice.ask("encrypt", 0, hexed("after the reply"))
    check(t == "1", "normal after a reply")
    check(bob.ask("decrypt", 0, 1, m)[0] == hexed("after the reply"), "after reply")
    # The one-time key is gone: a new session from the first message fails.
    bob.fails("BAD_MESSAGE_KEY_ID", "inbound", 1, alice_curve, m1)
    # Fallback keys stay usable for more than one session.
    fallback = bob.ask("fallback")[0]
    for slot in (2, 3):
        alice.ask("outbound", slot, bob_curve, fallback)
        _, m = alice.ask("encrypt", slot, hexed("fallback %d" % slot))
        check(bob.ask("inbound", slot, alice_curve, m)[0] == hexed("fallback %d" % slot),
              "fallback session %d" % slot)
    alice.close()
    bob.close()


def olm_pickles(a, b):
    """Accounts and sessions pickled on one side go on on the other."""
    alice, bob = a(), b()
    alice_curve, alice_ed = alice.ask("account")
    bob_curve, _ = bob.ask("account")
    otk = bob.ask("otk")[0]
    spare = bob.ask("otk")[0]
    alice.ask("outbound", 0, bob_curve, otk)
    _, m = alice.ask("encrypt", 0, hexed("hello"))
    bob.ask("inbound", 0, alice_curve, m)
    _, r = bob.ask("encrypt", 0, hexed("hi"))
    alice.ask("decrypt", 0, 1, r)
    # Bob moves to the other library.
    account_pickle = bob.ask("pickle", "account", 0, "bobkey")[0]
    session_pickle = bob.ask("pickle", "session", 0, "bobkey")[0]
    bob.close()
    bob = a()
    bob.ask("unpickle", "account", 0, "bobkey", account_pickle)
    bob.ask("unpickle", "session", 0, "bobkey", session_pickle)
    bob.fails("BAD_ACCOUNT_KEY", "unpickle", "session", 1, "wrongkey", session_pickle)
    _, m = alice.ask("encrypt", 0, hexed("still there?"))
    check(bob.ask("decrypt", 0, 1, m)[0] == hexed("still there?"), "after move")
    _, r = bob.ask("encrypt", 0, hexed("yes"))
    check(alice.ask("decrypt", 0, 1, r)[0] == hexed("yes"), "reply after move")
    # The moved account still holds its unused one-time key.
    alice.ask("outbound", 1, bob_curve, spare)
    _, m = alice.ask("encrypt", 1, hexed("spare"))
    check(bob.ask("inbound", 1, alice_curve, m)[0] == hexed("spare"), "spare key")
    # Alice moves the other way, and her signatures still verify.
    account_pickle = alice.ask("pickle", "account", 0, "alicekey")[0]
    session_pickle = alice.ask("pickle", "session", 0, "alicekey")[0]
    alice.close()
    alice = b()
    alice.ask("unpickle", "account", 0, "alicekey", account_pickle)
    alice.ask("unpickle", "session", 0, "alicekey", session_pickle)
    sig = alice.ask("sign", hexed("signed after the move"))[0]
    bob.ask("verify", alice_ed, hexed("signed after the move"), sig)
    bob.fails("BAD_MESSAGE_MAC", "verify", alice_ed, hexed("signed after the movE"), sig)
    _, m = alice.ask("encrypt", 0, hexed("moved too"))
    check(bob.ask("decrypt", 0, 1, m)[0] == hexed("moved too"), "alice moved")
    alice.close()
    bob.close()


def megolm(a, b):
    """Group messages out of order, exports, and pickles across sides."""
    sender, receiver = a(), b()
    session_id = sender.ask("gout", 0)[0]
    key, index = sender.ask("gkey", 0)
    check(index == "0", "starts at 0")
    got = receiver.ask("gin", 0, key)
    check(got[0] == session_id and got[1] == "0", "inbound id and index")
    messages = [sender.ask("gencrypt", 0, hexed("group %d" % i))[0] for i in range(4)]
    for i in (3, 1, 0, 2, 1):
        plaintext, at = receiver.ask("gdecrypt", 0, messages[i])
        check(plaintext == hexed("group %d" % i) and at == str(i), "group %d" % i)
    exported = receiver.ask("gexport", 0, 2)[0]
    third = a()
    got = third.ask("gimport", 0, exported)
    check(got[0] == session_id and got[1] == "2", "import")
    third.fails("UNKNOWN_MESSAGE_INDEX", "gdecrypt", 0, messages[1])
    check(third.ask("gdecrypt", 0, messages[3])[0] == hexed("group 3"), "imported")
    # The inbound session moves to the sender's library and back.
    pickle = receiver.ask("pickle", "gin", 0, "g")[0]
    third.ask("unpickle", "gin", 1, "g", pickle)
    check(third.ask("gdecrypt", 1, messages[0])[0] == hexed("group 0"), "moved inbound")
    # The outbound session moves to the receiver's library and goes on.
    pickle = sender.ask("pickle", "gout", 0, "o")[0]
    moved = b()
    moved.ask("unpickle", "gout", 0, "o", pickle)
    check(moved.ask("gkey", 0)[1] == "4", "moved outbound index")
    message = moved.ask("gencrypt", 0, hexed("group 4"))[0]
    check(receiver.ask("gdecrypt", 0, message) == [hexed("group 4"), "4"], "moved outbound")
    for peer in (sender, receiver, third, moved):
        peer.close()


def pk(a, b):
    """Key backup both ways, its pickle across sides, signing keys."""
    owner, writer = b(), a()
    public = owner.ask("pk_new", "11" * 32)[0]
    ct, mac, eph = writer.ask("pk_encrypt", public, hexed("room key backup"))
    check(owner.ask("pk_decrypt", ct, mac, eph)[0] == hexed("room key backup"), "pk")
    pickle = owner.ask("pickle", "pk", 0, "pk")[0]
    moved = a()
    check(moved.ask("unpickle", "pk", 0, "pk", pickle)[0] == public, "pk pickle key")
    check(moved.ask("pk_decrypt", ct, mac, eph)[0] == hexed("room key backup"), "moved pk")
    ct2, mac2, eph2 = owner.ask("pk_encrypt", public, hexed("and back"))
    check(moved.ask("pk_decrypt", ct2, mac2, eph2)[0] == hexed("and back"), "pk back")
    signing_key = writer.ask("signing", "22" * 32)[0]
    sig = writer.ask("pk_sign", hexed("cross-signing"))[0]
    owner.ask("verify", signing_key, hexed("cross-signing"), sig)
    owner.fails("BAD_MESSAGE_MAC", "verify", signing_key, hexed("cross-signinG"), sig)
    check(owner.ask("sha256", hexed("abc")) == writer.ask("sha256", hexed("abc")), "sha256")
    for peer in (owner, writer, moved):
        peer.close()


def sas(a, b):
    """Both sides of a verification agree on bytes and all three MACs."""
    x, y = a(), b()
    kx, ky = x.ask("sas_new")[0], y.ask("sas_new")[0]
    x.fails("OLM_SAS_THEIR_KEY_NOT_SET", "sas_bytes", hexed("info"), 6)
    check(x.ask("sas_set", ky)[0] == "1" and y.ask("sas_set", kx)[0] == "1", "set")
    info = hexed("MATRIX_KEY_VERIFICATION_SAS|alice|bob|txn")
    check(x.ask("sas_bytes", info, 6) == y.ask("sas_bytes", info, 6), "sas bytes")
    mac_args = (hexed("ed25519:DEVICE"), hexed("MATRIX_KEY_VERIFICATION_MAC|txn"))
    check(x.ask("sas_mac", *mac_args) == y.ask("sas_mac", *mac_args), "sas macs")
    x.close()
    y.close()


SCENARIOS = [olm_conversation, olm_pickles, megolm, pk, sas]


def main():
    shim_dir = sys.argv[1]
    which = sys.argv[2] if len(sys.argv) > 2 else "all"
    pairs = []
    if which in ("c", "all"):
        pairs += [("c-shim", "c-ref"), ("c-ref", "c-shim")]
    if which in ("python", "all"):
        pairs += [("py-shim", "py-ref"), ("py-ref", "py-shim")]
    passed, failed = 0, []
    for first, second in pairs:
        for scenario in SCENARIOS:
            name = "%s %s/%s" % (scenario.__name__, first, second)
            print("[ RUN      ] " + name, flush=True)
            try:
                scenario(lambda: Peer(first, shim_dir), lambda: Peer(second, shim_dir))
                print("[       OK ] " + name, flush=True)
                passed += 1
            except (PeerError, OSError, ValueError, subprocess.SubprocessError) as error:
                print("[  ERROR   ] %s: %s" % (name, error), flush=True)
                print("[  FAILED  ] " + name, flush=True)
                failed.append(name)
    print("interop: %d scenarios across libraries (%s)" % (passed + len(failed), which))
    print("[  PASSED  ] %d test(s)." % passed)
    if failed:
        print("[  FAILED  ] %d test(s), listed below:" % len(failed))
        for name in failed:
            print("[  FAILED  ] " + name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
