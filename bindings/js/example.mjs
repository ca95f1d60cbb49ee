/* The idiomatic API: Olm and Megolm between two devices, bytes in and out. */
import { init, Account, Session, OutboundGroupSession, InboundGroupSession, CliquetError }
    from "@cliquet/olm/cliquet";

await init();
const utf8 = new TextEncoder();
const text = new TextDecoder();

const alice = Account.create();
const bob = Account.create();
bob.generateOneTimeKeys(1);
const [{ key: bobOneTimeKey }] = bob.oneTimeKeys();
bob.markKeysAsPublished();

const outbound = Session.createOutbound(alice, bob.identityKeys.curve25519, bobOneTimeKey);
const message = outbound.encrypt(utf8.encode("Hello, Bob"));
/* One step: the session, the plaintext and who sent it. */
const inbound = Session.createInbound(bob, message.body, alice.identityKeys.curve25519);
console.log(text.decode(inbound.plaintext), inbound.senderKey === alice.identityKeys.curve25519);

const room = OutboundGroupSession.create();
const member = InboundGroupSession.create(room.sessionKey);
const { plaintext, messageIndex, verified } = member.decrypt(room.encrypt("Hello, room"));
console.log(text.decode(plaintext), messageIndex, verified);

try {
    member.decrypt("not a message");
} catch (e) {
    if (!(e instanceof CliquetError)) throw e;
    console.log(e.status, e.code);
}

for (const o of [alice, bob, outbound, inbound.session, room, member]) {
    o.free();
}
