/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.LIBOLM_KEY;
import static org.cliquet.TestSupport.NATIVE_KEY;
import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.hex;
import static org.cliquet.TestSupport.utf8;
import static org.cliquet.TestSupport.vectors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Map;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

/** ABI 1.2's session configs (docs/session-config.md) and vectors/v2. */
class SessionConfigTest {
    /** The libolm pickle key of vectors/v2 (README). */
    private static final byte[] V2_KEY = utf8("cliquet v2 vectors");

    @Test
    void everyConstructorDefaultsToV1() {
        try (Account alice = new Account(); Account bob = new Account();
             OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession in = new InboundGroupSession(out.sessionKey());
             InboundGroupSession imp = InboundGroupSession.importSession(in.export());
             InboundGroupSession bytes = InboundGroupSession.fromSessionKey(out.sessionKeyBytes())) {
            bob.generateOneTimeKeys(1);
            try (Session s = alice.newOutboundSession(bob.identityKeys().curve25519(),
                    bob.oneTimeKeys().get(0).key())) {
                assertEquals(SessionConfig.V1, s.config());
                try (Session t = bob.newInboundSession(null, s.encrypt(utf8("hi"))).session()) {
                    assertEquals(SessionConfig.V1, t.config());
                }
            }
            assertEquals(SessionConfig.V1, out.config());
            assertEquals(SessionConfig.V1, in.config());
            assertEquals(SessionConfig.V1, imp.config());
            assertEquals(SessionConfig.V1, bytes.config());
            assertEquals(1, SessionConfig.V1.code());
            assertEquals(2, SessionConfig.V2.code());
        }
    }

    @Test
    void olmV2RoundTripAndMismatch() {
        try (Account alice = new Account(); Account bob = new Account()) {
            bob.generateOneTimeKeys(1);
            String otk = bob.oneTimeKeys().get(0).key();
            try (Session a = alice.newOutboundSession(bob.identityKeys().curve25519(), otk,
                    SessionConfig.V2)) {
                assertEquals(SessionConfig.V2, a.config());
                OlmMessage first = a.encrypt(utf8("v2 hello"));
                String bobBefore = bob.pickleLibolm(LIBOLM_KEY);
                assertStatus(Status.BAD_MESSAGE_VERSION,
                        () -> bob.newInboundSession(null, first, SessionConfig.V1));
                assertEquals(bobBefore, bob.pickleLibolm(LIBOLM_KEY), "the one-time key is kept");
                InboundSession in = bob.newInboundSession(alice.identityKeys().curve25519(), first,
                        SessionConfig.V2);
                try (Session b = in.session()) {
                    assertEquals("v2 hello", in.decrypted().text());
                    assertEquals(SessionConfig.V2, b.config());
                    OlmMessage reply = b.encrypt(utf8("v2 reply"));
                    assertEquals(OlmMessage.NORMAL, reply.type());
                    assertEquals("v2 reply", a.decrypt(reply).text());
                    /* The native pickle keeps the config; libolm's format cannot hold V2. */
                    try (Session back = Session.unpickle(NATIVE_KEY, b.pickle(NATIVE_KEY))) {
                        assertEquals(SessionConfig.V2, back.config());
                        assertEquals("again", a.decrypt(back.encrypt(utf8("again"))).text());
                    }
                    assertStatus(Status.PICKLE_LOSSY, () -> b.pickleLibolm(LIBOLM_KEY));
                    assertStatus(Status.PICKLE_LOSSY, () -> a.pickleLibolm(LIBOLM_KEY));
                }
            }
            assertThrows(NullPointerException.class,
                    () -> alice.newOutboundSession(bob.identityKeys().curve25519(), "x", null));
            assertThrows(NullPointerException.class,
                    () -> bob.newInboundSession(null, new OlmMessage(0, "AAAA"), null));
        }
    }

    @Test
    void megolmV2RoundTripAndMismatch() {
        try (OutboundGroupSession out = new OutboundGroupSession(SessionConfig.V2);
             OutboundGroupSession out1 = new OutboundGroupSession(SessionConfig.V1)) {
            assertEquals(SessionConfig.V2, out.config());
            String key = out.sessionKey();
            String m0 = out.encrypt(utf8("v2 group"));
            String v1Message = out1.encrypt(utf8("v1 group"));
            try (InboundGroupSession in = new InboundGroupSession(key, SessionConfig.V2);
                 InboundGroupSession wrong = new InboundGroupSession(key);
                 InboundGroupSession v2For1 = new InboundGroupSession(out1.sessionKey(), SessionConfig.V2)) {
                assertEquals(SessionConfig.V2, in.config());
                assertEquals("v2 group", in.decrypt(m0).text());
                String before = wrong.pickleLibolm(LIBOLM_KEY);
                assertStatus(Status.BAD_MESSAGE_VERSION, () -> wrong.decrypt(m0));
                assertEquals(before, wrong.pickleLibolm(LIBOLM_KEY), "unchanged");
                assertStatus(Status.BAD_MESSAGE_VERSION, () -> v2For1.decrypt(v1Message));
                try (InboundGroupSession imp = InboundGroupSession.importSession(in.export(), SessionConfig.V2);
                     InboundGroupSession impBytes = InboundGroupSession.importSession(in.exportBytes(),
                             SessionConfig.V2);
                     InboundGroupSession fromBytes = InboundGroupSession.fromSessionKey(utf8(key),
                             SessionConfig.V2)) {
                    assertEquals("v2 group", imp.decrypt(m0).text());
                    assertEquals("v2 group", impBytes.decrypt(m0).text());
                    assertEquals("v2 group", fromBytes.decrypt(m0).text());
                    assertEquals(SessionConfig.V2, impBytes.config());
                }
                try (InboundGroupSession back = InboundGroupSession.unpickle(NATIVE_KEY, in.pickle(NATIVE_KEY));
                     OutboundGroupSession outBack = OutboundGroupSession.unpickle(NATIVE_KEY, out.pickle(NATIVE_KEY))) {
                    assertEquals(SessionConfig.V2, back.config());
                    assertEquals(SessionConfig.V2, outBack.config());
                    assertEquals("next", back.decrypt(outBack.encrypt(utf8("next"))).text());
                }
                assertStatus(Status.PICKLE_LOSSY, () -> in.pickleLibolm(LIBOLM_KEY));
                assertStatus(Status.PICKLE_LOSSY, () -> in.pickleLibolmLossy(LIBOLM_KEY));
                assertStatus(Status.PICKLE_LOSSY, () -> out.pickleLibolm(LIBOLM_KEY));
            }
            assertThrows(NullPointerException.class, () -> new OutboundGroupSession(null));
            assertThrows(NullPointerException.class, () -> new InboundGroupSession(key, null));
            assertThrows(NullPointerException.class, () -> InboundGroupSession.importSession(key, null));
            assertThrows(NullPointerException.class,
                    () -> InboundGroupSession.fromSessionKey(utf8(key), null));
            assertThrows(NullPointerException.class,
                    () -> InboundGroupSession.importSession(utf8(key), null));
        }
    }

    /** vectors/v2/megolm.txt: every message decrypts at its index under V2, and is refused by V1. */
    @Test
    void megolmV2Vectors() throws IOException {
        int checked = 0;
        for (Map<String, String> c : vectors("vectors/v2/megolm.txt")) {
            try (InboundGroupSession v2 = new InboundGroupSession(c.get("session_key"), SessionConfig.V2);
                 InboundGroupSession v1 = new InboundGroupSession(c.get("session_key"))) {
                MegolmDecrypted d = v2.decrypt(c.get("message"));
                assertArrayEquals(hex(c.get("plaintext")), d.bytes());
                assertEquals(Long.parseLong(c.get("index")), d.messageIndex());
                assertStatus(Status.BAD_MESSAGE_VERSION, () -> v1.decrypt(c.get("message")));
                checked++;
            }
        }
        assertEquals(9, checked);
    }

    /** vectors/v2/olm.txt: Bob's account (libolm pickle) reads Alice's V2 pre-key message. */
    @Test
    void olmV2Vectors() throws IOException {
        int checked = 0;
        for (Map<String, String> c : vectors("vectors/v2/olm.txt")) {
            OlmMessage pre = new OlmMessage(OlmMessage.PRE_KEY, c.get("pre_key_message"));
            try (Account bob = Account.unpickleLibolm(V2_KEY, c.get("bob_pickle"))) {
                assertStatus(Status.BAD_MESSAGE_VERSION,
                        () -> bob.newInboundSession(null, pre, SessionConfig.V1));
                InboundSession in = bob.newInboundSession(null, pre, SessionConfig.V2);
                try (Session s = in.session()) {
                    assertArrayEquals(hex(c.get("plaintext")), in.decrypted().bytes());
                    assertEquals(SessionConfig.V2, s.config());
                }
                checked++;
            }
        }
        assertEquals(4, checked);
    }
}
