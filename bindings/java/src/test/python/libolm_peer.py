#!/usr/bin/env python3
# A live libolm peer for the Java tests (bindings/java/src/test): Debian's
# libolm through python3-olm. One step per run; state goes back and forth as
# libolm pickles under the key "peer". Output: "name value" lines.
#
#   start  BOB_CURVE BOB_OTK    libolm's Alice opens a session to Java's Bob
#                               and encrypts "from libolm"; she also makes an
#                               outbound group session and encrypts with it
#   answer SESSION TYPE BODY GROUP_KEY GROUP_MESSAGE
#                               Alice decrypts Java's Olm answer, and a group
#                               message with Java's session key
# SPDX-License-Identifier: Apache-2.0
import sys

import olm

KEY = "peer"


def out(name, value):
    print(name, value)


def start(bob_curve, bob_otk):
    alice = olm.Account()
    s = olm.OutboundSession(alice, bob_curve, bob_otk)
    m = s.encrypt("from libolm")
    out("alice_curve", alice.identity_keys["curve25519"])
    out("type", m.message_type)
    out("body", m.ciphertext)
    out("session", s.pickle(KEY).decode())
    out("session_id", s.id)
    g = olm.OutboundGroupSession()
    out("group_key", g.session_key)
    out("group_message", g.encrypt("group from libolm"))
    out("group_id", g.id)


def answer(pickle, type_, body, group_key, group_message):
    s = olm.Session.from_pickle(pickle.encode(), KEY)
    cls = olm.OlmPreKeyMessage if int(type_) == 0 else olm.OlmMessage
    out("plaintext", s.decrypt(cls(body)))
    g = olm.InboundGroupSession(group_key)
    text, index = g.decrypt(group_message)
    out("group_plaintext", text)
    out("group_index", index)


if __name__ == "__main__":
    {"start": start, "answer": answer}[sys.argv[1]](*sys.argv[2:])
