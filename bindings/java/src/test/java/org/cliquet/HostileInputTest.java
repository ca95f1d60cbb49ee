/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.LIBOLM_KEY;
import static org.cliquet.TestSupport.NATIVE_KEY;
import static org.cliquet.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Random and mutated inputs through the glue into every parser: each call
 * either succeeds or throws CliquetException (never another exception, never
 * a crash), and the objects are unchanged. The seed is printed; set
 * -Dcliquet.seed=N to replay.
 */
class HostileInputTest {
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** base with 1 to 4 random edits, never base itself. */
    private static String text(Random r, String base) {
        String t;
        do {
            t = edit(r, base);
        } while (t.equals(base));
        return t;
    }

    private static String edit(Random r, String base) {
        StringBuilder b = new StringBuilder(base);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int kind = r.nextInt(4);
            int at = b.length() == 0 ? 0 : r.nextInt(b.length());
            if (kind == 0 && b.length() > 0) {
                b.setCharAt(at, B64.charAt(r.nextInt(64)));
            } else if (kind == 1 && b.length() > 0) {
                b.setLength(at);
            } else if (kind == 2) {
                b.insert(at, B64.charAt(r.nextInt(64)));
            } else {
                b.insert(at, (char) r.nextInt(0x3000)); /* any character, even non-ASCII */
            }
        }
        return b.toString();
    }

    private static int run(Executable call) throws Throwable {
        try {
            call.execute();
            return 1;
        } catch (CliquetException expected) {
            return 0;
        }
    }

    @Test
    void mutatedInputsAreRefusedCleanly() throws Throwable {
        long seed = Long.getLong("cliquet.seed", System.nanoTime());
        System.out.println("HostileInputTest seed " + seed);
        final Random r = new Random(seed);
        try (Account alice = new Account(); Account bob = new Account();
             OutboundGroupSession out = new OutboundGroupSession();
             PkDecryption pk = new PkDecryption();
             OutboundGroupSession out2 = new OutboundGroupSession(SessionConfig.V2);
             EciesChannel g = new EciesChannel(); EciesChannel s = new EciesChannel();
             EciesChannel fresh = new EciesChannel()) {
            bob.generateOneTimeKeys(1);
            final Session a = alice.newOutboundSession(bob.identityKeys().curve25519(),
                    bob.oneTimeKeys().get(0).key());
            final OlmMessage pre = a.encrypt(utf8("pre-key"));
            final InboundGroupSession in = new InboundGroupSession(out.sessionKey());
            final String group = out.encrypt(utf8("group"));
            final String accountPickle = alice.pickleLibolm(LIBOLM_KEY);
            final String nativePickle = a.pickle(NATIVE_KEY);
            final PkMessage backup = new PkEncryption(pk.publicKey()).encrypt(utf8("backup"));
            String aBefore = a.pickleLibolm(LIBOLM_KEY);
            String inBefore = in.pickleLibolm(LIBOLM_KEY);
            String bobBefore = bob.pickleLibolm(LIBOLM_KEY);
            /* ABI 1.1 and 1.2's parsers: v2 group messages, a checked decrypt with
             * the replay record on, exports for merging, ECIES messages, devices. */
            final InboundGroupSession in2 = new InboundGroupSession(out2.sessionKey(), SessionConfig.V2);
            in2.setReplayDetection(true);
            final String group2 = out2.encrypt(utf8("group v2"));
            final String export = in.export();
            final String initial = s.establishOutbound(g.publicKey(), utf8("initial"));
            g.establishInbound(initial);
            final String ecies = s.encrypt(utf8("ecies"));
            final String freshInitial;
            try (EciesChannel t = new EciesChannel()) {
                freshInitial = t.establishOutbound(fresh.publicKey(), utf8("initial"));
            }
            final byte[] deviceKey = new byte[32];
            final DehydratedDevice device = alice.toDehydratedDevice(deviceKey);
            String in2Before = in2.pickle(NATIVE_KEY).length() + in2.export() + in2.replayDetection();
            int accepted = 0;
            for (int i = 0; i < 300; i++) {
                final String m1 = text(r, pre.body());
                final String m2 = text(r, group);
                final String p1 = text(r, accountPickle);
                final String p2 = text(r, nativePickle);
                final String c = text(r, backup.ciphertext());
                accepted += run(() -> bob.newInboundSession(null, new OlmMessage(0, m1)).session().close());
                accepted += run(() -> a.decrypt(new OlmMessage(r.nextInt(3), m1)));
                accepted += run(() -> a.matchesInbound(null, new OlmMessage(0, m1)));
                accepted += run(() -> in.decrypt(m2));
                accepted += run(() -> Account.unpickleLibolm(LIBOLM_KEY, p1).close());
                accepted += run(() -> Session.unpickle(NATIVE_KEY, p2).close());
                accepted += run(() -> pk.decrypt(new PkMessage(c, backup.mac(), backup.ephemeralKey())));
                accepted += run(() -> Utility.base64Decode(m2));
                accepted += run(() -> new InboundGroupSession(text(r, out.sessionKey())).close());
                final String m3 = text(r, group2);
                final String e1 = text(r, export);
                final String c1 = text(r, ecies);
                final String c2 = text(r, freshInitial);
                final String d1 = text(r, device.ciphertext());
                final String d2 = text(r, device.nonce());
                accepted += run(() -> in2.decrypt(m3));
                accepted += run(() -> in.decrypt(m3));
                accepted += run(() -> InboundGroupSession.importSession(e1).close());
                accepted += run(() -> {
                    try (InboundGroupSession x = InboundGroupSession.importSession(e1, SessionConfig.V2)) {
                        in2.compare(x);
                        in.merge(x).close();
                    }
                });
                accepted += run(() -> g.decrypt(c1));
                accepted += run(() -> fresh.establishInbound(c2));
                accepted += run(() -> Account.fromDehydratedDevice(new DehydratedDevice(d1, device.nonce()),
                        deviceKey).close());
                accepted += run(() -> Account.fromDehydratedDevice(new DehydratedDevice(device.ciphertext(), d2),
                        deviceKey).close());
            }
            /* Some mutations keep a valid input (a truncation to a valid base64 prefix, say). */
            System.out.println("HostileInputTest accepted " + accepted + " of 5100");
            assertEquals(in2Before, in2.pickle(NATIVE_KEY).length() + in2.export() + in2.replayDetection());
            /* The channels are as they were: the next genuine message still decrypts. */
            assertEquals("ecies", new String(g.decrypt(ecies), TestSupport.UTF_8));
            assertEquals("initial", new String(fresh.establishInbound(freshInitial), TestSupport.UTF_8));
            in2.close();
            assertEquals(aBefore, a.pickleLibolm(LIBOLM_KEY));
            assertEquals(inBefore, in.pickleLibolm(LIBOLM_KEY));
            assertEquals(bobBefore, bob.pickleLibolm(LIBOLM_KEY), "no inbound session was made");
            a.close();
            in.close();
        }
    }
}
