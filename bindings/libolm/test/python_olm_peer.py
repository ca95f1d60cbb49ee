"""One side of a conversation through Debian's python-olm (its classes, over
libolm.so.3 via cffi), speaking peer.c's line protocol on stdin/stdout.
interop.py runs it with LD_LIBRARY_PATH pointing at the shim, or without
it (Debian's libolm). Plaintexts travel as hex of ASCII text.
SPDX-License-Identifier: Apache-2.0
"""
import sys

import olm

account = None
sessions = {}
outbound = {}
inbound = {}
pk_decryption = None
pk_signing = None
sas = None


def text(hex_text):
    return bytes.fromhex(hex_text).decode("ascii")


def hexed(s):
    return s.encode("utf-8").hex()


def whoami():
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "libolm.so" in line and "/" in line:
                return line[line.index("/"):].strip()
    return "unknown"


def first_key(keys):
    return next(iter(keys["curve25519"].values()))


def handle(arg):
    global account, pk_decryption, pk_signing, sas
    cmd = arg[0]
    if cmd == "whoami":
        return whoami()
    if cmd == "account":
        account = olm.Account()
        keys = account.identity_keys
        return "%s %s" % (keys["curve25519"], keys["ed25519"])
    if cmd == "otk":
        account.generate_one_time_keys(1)
        key = first_key(account.one_time_keys)
        account.mark_keys_as_published()
        return key
    if cmd == "fallback":
        account.generate_fallback_key()
        key = first_key(account.fallback_key)
        account.mark_keys_as_published()
        return key
    if cmd == "outbound":
        sessions[arg[1]] = olm.OutboundSession(account, arg[2], arg[3])
        return ""
    if cmd == "inbound":
        message = olm.OlmPreKeyMessage(arg[3])
        session = olm.InboundSession(account, message, arg[2])
        plaintext = session.decrypt(message)
        account.remove_one_time_keys(session)
        sessions[arg[1]] = session
        return hexed(plaintext)
    if cmd == "encrypt":
        message = sessions[arg[1]].encrypt(text(arg[2]))
        return "%d %s" % (message.message_type, message.ciphertext)
    if cmd == "decrypt":
        kind = olm.OlmPreKeyMessage if arg[2] == "0" else olm.OlmMessage
        return hexed(sessions[arg[1]].decrypt(kind(arg[3])))
    if cmd == "session_id":
        return sessions[arg[1]].id
    if cmd in ("pickle", "unpickle"):
        what, slot, passphrase = arg[1], arg[2], arg[3]
        classes = {"account": olm.Account, "session": olm.Session,
                   "gout": olm.OutboundGroupSession,
                   "gin": olm.InboundGroupSession, "pk": olm.PkDecryption}
        if cmd == "unpickle":
            obj = classes[what].from_pickle(arg[4].encode(), passphrase)
            if what == "account":
                account = obj
            elif what == "session":
                sessions[slot] = obj
            elif what == "gout":
                outbound[slot] = obj
            elif what == "gin":
                inbound[slot] = obj
            else:
                pk_decryption = obj
                return obj.public_key
            return ""
        obj = {"account": lambda: account, "session": lambda: sessions[slot],
               "gout": lambda: outbound[slot], "gin": lambda: inbound[slot],
               "pk": lambda: pk_decryption}[what]()
        return obj.pickle(passphrase).decode()
    if cmd == "gout":
        outbound[arg[1]] = olm.OutboundGroupSession()
        return outbound[arg[1]].id
    if cmd == "gkey":
        session = outbound[arg[1]]
        return "%s %d" % (session.session_key, session.message_index)
    if cmd == "gencrypt":
        return outbound[arg[1]].encrypt(text(arg[2]))
    if cmd in ("gin", "gimport"):
        if cmd == "gin":
            session = olm.InboundGroupSession(arg[2])
        else:
            session = olm.InboundGroupSession.import_session(arg[2])
        inbound[arg[1]] = session
        # python-olm does not expose is_verified: "-" stands for it.
        return "%s %d -" % (session.id, session.first_known_index)
    if cmd == "gdecrypt":
        plaintext, index = inbound[arg[1]].decrypt(arg[2])
        return "%s %d" % (hexed(plaintext), index)
    if cmd == "gexport":
        return inbound[arg[1]].export_session(int(arg[2]))
    if cmd == "pk_new":
        # python-olm makes the private key itself (os.urandom).
        pk_decryption = olm.PkDecryption()
        return pk_decryption.public_key
    if cmd == "pk_encrypt":
        message = olm.PkEncryption(arg[1]).encrypt(text(arg[2]))
        return "%s %s %s" % (message.ciphertext, message.mac,
                             message.ephemeral_key)
    if cmd == "pk_decrypt":
        message = olm.pk.PkMessage(arg[3], arg[2], arg[1])
        return hexed(pk_decryption.decrypt(message))
    if cmd == "signing":
        pk_signing = olm.PkSigning(bytes.fromhex(arg[1]))
        return pk_signing.public_key
    if cmd == "pk_sign":
        return pk_signing.sign(text(arg[1]))
    if cmd == "sign":
        return account.sign(text(arg[1]))
    if cmd == "verify":
        olm.ed25519_verify(arg[1], text(arg[2]), arg[3])
        return ""
    if cmd == "sha256":
        return olm.sha256(text(arg[1]))
    if cmd == "sas_new":
        sas = olm.Sas()
        return sas.pubkey
    if cmd == "sas_set":
        sas.set_their_pubkey(arg[1])
        return "%d" % sas.other_key_set
    if cmd == "sas_bytes":
        return sas.generate_bytes(text(arg[1]), int(arg[2])).hex()
    if cmd == "sas_mac":
        message, info = text(arg[1]), text(arg[2])
        return "%s %s %s" % (sas.calculate_mac(message, info),
                             sas.calculate_mac_fixed_base64(message, info),
                             sas.calculate_mac_long_kdf(message, info))
    raise ValueError("unknown command " + cmd)


def main():
    for line in sys.stdin:
        arg = line.split()
        if not arg:
            continue
        if arg[0] == "quit":
            break
        try:
            answer = handle(arg)
            print(("OK " + answer).rstrip(), flush=True)
        except Exception as error:  # the libolm error string, as peer.c
            print("ERR " + str(error).replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
