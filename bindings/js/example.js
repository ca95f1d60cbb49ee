/* A script written for @matrix-org/olm; only the require() changes. */
const Olm = require(process.env.OLM_JS || "@matrix-org/olm");

Olm.init().then(() => {
    const alice = new Olm.Account();
    const bob = new Olm.Account();
    alice.create();
    bob.create();
    bob.generate_one_time_keys(1);
    const bobKey = JSON.parse(bob.identity_keys()).curve25519;
    const bobOneTimeKey = Object.values(JSON.parse(bob.one_time_keys()).curve25519)[0];
    bob.mark_keys_as_published();

    const outbound = new Olm.Session();
    outbound.create_outbound(alice, bobKey, bobOneTimeKey);
    const message = outbound.encrypt("Hello, Bob");

    const inbound = new Olm.Session();
    inbound.create_inbound(bob, message.body);
    bob.remove_one_time_keys(inbound);
    console.log(inbound.decrypt(message.type, message.body));

    const room = new Olm.OutboundGroupSession();
    room.create();
    const member = new Olm.InboundGroupSession();
    member.create(room.session_key());
    console.log(member.decrypt(room.encrypt("Hello, room")).plaintext);

    for (const o of [alice, bob, outbound, inbound, room, member]) {
        o.free();
    }
});
