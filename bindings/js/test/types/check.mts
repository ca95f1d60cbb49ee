/*
 * Type-checked with tsc --strict against the installed package's
 * declarations (test/package.test.mjs): every export of cliquet.d.mts and
 * olm.d.ts used once with the types it should have, and misuses that must
 * not type-check (each @ts-expect-error fails the check if no error).
 * Never run: only checked.
 */
import * as C from "@cliquet/olm/cliquet";
import Olm from "@cliquet/olm";

function is<T>(_value: T): void {}

export async function idiomatic(): Promise<void> {
    await C.init();
    await C.init({ locateFile: (name: string) => `/static/${name}` });
    is<string>(C.version());
    is<"bitsliced" | "hardware">(C.aesImplementation());
    is<string>(C.base64Encode(new Uint8Array(3)));
    is<Uint8Array>(C.base64Decode("AAAA"));
    is<string>(C.sha256("x"));
    is<void>(C.verifyEd25519("k", new Uint8Array(1), "s"));

    const a: C.Account = C.Account.create();
    is<C.Account>(C.Account.fromPickle("p", new Uint8Array(32)));
    is<C.Account>(C.Account.fromLibolmPickle("p", "key"));
    is<string>(a.pickle(new Uint8Array(32)));
    is<string>(a.pickleLibolm("key"));
    is<{ curve25519: string; ed25519: string }>(a.identityKeys);
    is<string>(a.sign("m"));
    is<number>(a.generateOneTimeKeys(1));
    is<number>(a.maxOneTimeKeys);
    is<C.OneTimeKey[]>(a.oneTimeKeys());
    is<void>(a.markKeysAsPublished());
    is<void>(a.generateFallbackKey());
    is<C.OneTimeKey | null>(a.fallbackKey());
    is<void>(a.forgetOldFallbackKey());
    const device: C.DehydratedDevice = a.dehydrate(new Uint8Array(32));
    is<string>(device.ciphertext + device.nonce);
    is<C.Account>(C.Account.fromDehydratedDevice(device, new Uint8Array(32)));
    is<C.Account>(C.Account.fromDehydratedDevice({ ciphertext: "c", nonce: "n" }, new Uint8Array(32)));
    is<boolean>(a.freed);
    is<void>(a.free());

    const s = C.Session.createOutbound(a, "ik", "otk");
    is<C.Session>(C.Session.createOutbound(a, "ik", "otk", { config: "v2" }));
    is<C.InboundCreated>(C.Session.createInbound(a, "m", null, { config: C.SessionConfig.V2 }));
    is<C.SessionConfig>(s.config);
    is<"v1">(C.SessionConfig.V1);
    const created: C.InboundCreated = C.Session.createInbound(a, "m", "ik");
    is<C.Session>(created.session);
    is<C.InboundCreated>(C.Session.createInbound(a, "m"));
    is<C.Session>(C.Session.fromPickle("p", new Uint8Array(32)));
    is<C.Session>(C.Session.fromLibolmPickle("p", "key", "ik"));
    is<string>(s.pickle(new Uint8Array(32)));
    is<string>(s.pickleLibolm(new Uint8Array(3)));
    is<string>(s.id);
    is<string>(s.theirIdentityKey);
    is<boolean>(s.hasReceivedMessage);
    is<0 | 1>(s.messageType);
    is<0 | 1>(C.OlmMessageType.NORMAL);
    is<boolean>(s.matchesInbound("m", "ik"));
    const m: C.OlmMessage = s.encrypt(new Uint8Array(1));
    const d: C.OlmDecrypted = s.decrypt(m);
    is<C.OlmDecrypted>(s.decrypt(m.type, m.body));
    is<Uint8Array>(d.plaintext);
    is<string>(d.senderKey);
    is<string>(d.sessionId);
    is<number>(d.evictedMessageKeys + d.evictedChains);

    const o = C.OutboundGroupSession.create();
    is<C.OutboundGroupSession>(C.OutboundGroupSession.fromPickle("p", new Uint8Array(32)));
    is<C.OutboundGroupSession>(C.OutboundGroupSession.fromLibolmPickle("p", "k"));
    is<string>(o.pickle(new Uint8Array(32)) + o.pickleLibolm("k") + o.id + o.sessionKey);
    is<number>(o.messageIndex);
    is<C.SessionConfig>(o.config);
    const o2: C.OutboundGroupSession = C.OutboundGroupSession.create({ config: "v2" });
    const opts: C.SessionOptions = { config: o2.config };
    is<string>(o.encrypt("x"));

    const i = C.InboundGroupSession.create("key");
    is<C.InboundGroupSession>(C.InboundGroupSession.import("export"));
    is<C.InboundGroupSession>(C.InboundGroupSession.create("key", opts));
    is<C.InboundGroupSession>(C.InboundGroupSession.import("export", { config: "v1" }));
    is<C.SessionConfig>(i.config);
    is<C.InboundGroupSession>(C.InboundGroupSession.fromPickle("p", new Uint8Array(32)));
    is<C.InboundGroupSession>(C.InboundGroupSession.fromLibolmPickle("p", "k"));
    is<string>(i.pickle(new Uint8Array(32)) + i.pickleLibolm("k", { lossy: true }) + i.id);
    is<number>(i.firstKnownIndex);
    is<boolean>(i.isVerified && i.isImported);
    is<string>(i.export() + i.export(3));
    const md: C.MegolmDecrypted = i.decrypt("m");
    is<C.ReplayVerdict>(md.replay);
    is<boolean>(md.verified && md.imported);
    is<number>(md.messageIndex);
    is<C.SessionOrdering>(i.compare(i));
    is<C.InboundGroupSession>(i.merge(i));
    is<boolean>(i.advanceTo(4));
    is<void>(i.setReplayDetection(true));
    is<{ on: boolean; entries: number; evicted: number }>(i.replayDetection);

    const pe = C.PkEncryption.create("k");
    const backup: C.LegacyBackup = pe.encryptLegacyBackup("x");
    const pd = C.PkDecryption.create();
    is<C.PkDecryption>(C.PkDecryption.fromPrivateKey(new Uint8Array(32)));
    is<C.PkDecryption>(C.PkDecryption.fromPickle("p", new Uint8Array(32)));
    is<C.PkDecryption>(C.PkDecryption.fromLibolmPickle("p", "k"));
    is<string>(pd.pickle(new Uint8Array(32)) + pd.pickleLibolm("k") + pd.publicKey);
    is<Uint8Array>(pd.privateKey());
    is<Uint8Array>(pd.decryptLegacyBackup(backup));
    const ps = C.PkSigning.create();
    is<C.PkSigning>(C.PkSigning.fromSeed(new Uint8Array(32)));
    is<Uint8Array>(ps.seed());
    is<string>(ps.publicKey + ps.sign("m"));

    const sas = C.Sas.create();
    is<string>(sas.publicKey);
    is<void>(sas.setTheirKey("k"));
    is<boolean>(sas.isTheirKeySet);
    is<Uint8Array>(sas.generateBytes("info", 6));
    is<string>(sas.calculateMac("m", "i") + sas.calculateMacLegacyBase64("m", "i") +
               sas.calculateMacLongKdf(new Uint8Array(1), "i"));

    const e = C.EciesChannel.create();
    const eciesOptions: C.EciesOptions = { info: "ORG_EXAMPLE" };
    is<C.EciesChannel>(C.EciesChannel.create(eciesOptions));
    is<C.EciesChannel>(C.EciesChannel.create({ info: new Uint8Array(3) }));
    is<C.EciesChannel>(C.EciesChannel.create({}));
    is<string>(e.publicKey + e.establishOutbound("k", "x") + e.encrypt("x"));
    is<Uint8Array>(e.establishInbound("m"));
    is<Uint8Array>(e.decrypt("m"));
    is<number>(e.checkCode);
    is<Uint8Array>(e.checkCodeBytes);

    try {
        s.decrypt(m);
    } catch (err) {
        if (err instanceof C.CliquetError) {
            is<C.CliquetStatus>(err.status);
            is<number>(err.code);
            is<string>(err.func);
            is<Error>(err);
        }
    }

    // @ts-expect-error: objects come from the factories
    new C.Account();
    // @ts-expect-error: a native pickle key is bytes
    a.pickle("key");
    // @ts-expect-error: plaintexts come back as bytes
    is<string>(d.plaintext);
    // @ts-expect-error: identity keys are read-only
    a.identityKeys = { curve25519: "", ed25519: "" };
    // @ts-expect-error: not a replay verdict
    is<C.ReplayVerdict>("maybe");
    // @ts-expect-error: a seed is bytes
    C.PkSigning.fromSeed("seed");
    // @ts-expect-error: not a session config
    C.OutboundGroupSession.create({ config: "v3" });
    // @ts-expect-error: a config is named, not numbered
    C.InboundGroupSession.create("key", { config: 2 });
    // @ts-expect-error: a session's config is read-only
    s.config = "v2";
    // @ts-expect-error: not a status name
    is<C.CliquetStatus>("CLIQUET_ERR_NOPE");
    is<C.CliquetStatus>("CLIQUET_ERR_ACCOUNT_NO_SEED");
    is<C.CliquetStatus>("CLIQUET_ERR_BAD_NONCE_LENGTH");
    // @ts-expect-error: a dehydration key is bytes
    a.dehydrate("key");
    // @ts-expect-error: a dehydrated device is { ciphertext, nonce }, not its ciphertext
    C.Account.fromDehydratedDevice("ciphertext", new Uint8Array(32));
    // @ts-expect-error: the nonce is part of the device
    C.Account.fromDehydratedDevice({ ciphertext: "c" }, new Uint8Array(32));
    // @ts-expect-error: a dehydrated device's fields are text
    is<Uint8Array>(device.nonce);
    // @ts-expect-error: an info prefix is bytes or a string
    C.EciesChannel.create({ info: 5 });
    // @ts-expect-error: the info prefix goes in the options
    C.EciesChannel.create("ORG_EXAMPLE");
}

export async function compatible(): Promise<void> {
    await Olm.init();
    const a = new Olm.Account();
    a.create();
    is<string>(a.identity_keys());
    const s = new Olm.Session();
    s.create_outbound(a, "ik", "otk");
    const m: Olm.EncryptedMessage = s.encrypt("x");
    is<string>(s.decrypt(m.type, m.body));
    const g = new Olm.InboundGroupSession();
    is<{ message_index: number; plaintext: string }>(g.decrypt("m"));
    is<[number, number, number]>(Olm.get_library_version());
    is<number>(Olm.PRIVATE_KEY_LENGTH);
    is<Uint8Array>(new Olm.SAS().generate_bytes("i", 6));
    // @ts-expect-error: libolm's API returns JSON text, not objects
    is<{ curve25519: string }>(a.identity_keys());
}
