/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.LIBOLM_KEY;
import static org.cliquet.TestSupport.NATIVE_KEY;
import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.flip;
import static org.cliquet.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionTest {
    private Account alice;
    private Account bob;
    private Session aliceSession;
    private OneTimeKey bobKey;

    @BeforeEach
    void setUp() {
        alice = new Account();
        bob = new Account();
        bob.generateOneTimeKeys(1);
        bobKey = bob.oneTimeKeys().get(0);
        aliceSession = alice.newOutboundSession(bob.identityKeys().curve25519(), bobKey.key());
    }

    @AfterEach
    void tearDown() {
        aliceSession.close();
        alice.close();
        bob.close();
    }

    @Test
    void conversation() {
        assertEquals(OlmMessage.PRE_KEY, aliceSession.nextMessageType());
        assertFalse(aliceSession.hasReceivedMessage());
        assertEquals(bob.identityKeys().curve25519(), aliceSession.theirIdentityKey());
        OlmMessage first = aliceSession.encrypt(utf8("hello bob"));
        assertTrue(first.isPreKey());
        assertEquals(OlmMessage.PRE_KEY, first.type());
        InboundSession in = bob.newInboundSession(alice.identityKeys().curve25519(), first);
        try (Session bobSession = in.session()) {
            OlmDecrypted d = in.decrypted();
            assertEquals("hello bob", d.text());
            assertEquals(alice.identityKeys().curve25519(), d.senderKey());
            assertEquals(aliceSession.sessionId(), d.sessionId());
            assertEquals(aliceSession.sessionId(), bobSession.sessionId());
            assertEquals(alice.identityKeys().curve25519(), bobSession.theirIdentityKey());
            assertTrue(bob.oneTimeKeys().isEmpty(), "the one-time key is used up");
            assertTrue(bobSession.matchesInbound(null, first));
            assertTrue(bobSession.matchesInbound(alice.identityKeys().curve25519(), first));
            assertFalse(bobSession.matchesInbound(bob.identityKeys().curve25519(), first));
            assertStatus(Status.DUPLICATE_MESSAGE, () -> bobSession.decrypt(first));

            OlmMessage reply = bobSession.encrypt(utf8("hello alice"));
            assertEquals(OlmMessage.NORMAL, reply.type());
            OlmDecrypted r = aliceSession.decrypt(reply);
            assertEquals("hello alice", r.text());
            assertArrayEquals(utf8("hello alice"), r.bytes());
            assertEquals(11, r.length());
            assertEquals(bob.identityKeys().curve25519(), r.senderKey());
            assertEquals(0, r.evictedMessageKeys());
            assertEquals(0, r.evictedChains());
            assertTrue(aliceSession.hasReceivedMessage());
            assertEquals(OlmMessage.NORMAL, aliceSession.nextMessageType());
            for (int i = 0; i < 5; i++) {
                OlmMessage m = aliceSession.encrypt(utf8("n" + i));
                assertEquals("n" + i, bobSession.decrypt(m).text());
            }
            OlmMessage empty = bobSession.encrypt(new byte[0]);
            assertEquals(0, aliceSession.decrypt(empty).length());
        }
    }

    @Test
    void inboundFromAnySenderAndWrongSender() {
        OlmMessage first = aliceSession.encrypt(utf8("x"));
        assertStatus(Status.WRONG_SESSION,
                () -> bob.newInboundSession(bob.identityKeys().curve25519(), first));
        assertEquals(1, bob.oneTimeKeys().size(), "a failure keeps the key");
        InboundSession in = bob.newInboundSession(null, first);
        in.session().close();
        assertThrows(IllegalArgumentException.class,
                () -> bob.newInboundSession(null, new OlmMessage(OlmMessage.NORMAL, first.body())));
    }

    @Test
    void decryptFailuresLeaveTheSessionUnchanged() {
        OlmMessage first = aliceSession.encrypt(utf8("x"));
        try (Session bobSession = bob.newInboundSession(null, first).session()) {
            OlmMessage reply = bobSession.encrypt(utf8("reply"));
            String before = aliceSession.pickleLibolm(LIBOLM_KEY);
            String body = reply.body();
            assertStatus(Status.BAD_BASE64, () -> aliceSession.decrypt(new OlmMessage(1, body + "!")));
            assertStatus(Status.BAD_MESSAGE_TYPE, () -> aliceSession.decrypt(new OlmMessage(7, body)));
            assertStatus(Status.BAD_MESSAGE_MAC,
                    () -> aliceSession.decrypt(new OlmMessage(1, flip(body, body.length() - 3))));
            assertStatus(Status.BAD_MESSAGE_VERSION,
                    () -> aliceSession.decrypt(new OlmMessage(1, "BA" + body.substring(2))));
            assertStatus(Status.BAD_MESSAGE_FORMAT, () -> aliceSession.decrypt(new OlmMessage(1, "AwAA")));
            assertStatus(Status.BAD_MESSAGE_FORMAT, () -> aliceSession.decrypt(new OlmMessage(0, body)));
            assertEquals(before, aliceSession.pickleLibolm(LIBOLM_KEY));
            assertEquals("reply", aliceSession.decrypt(reply).text());
            assertStatus(Status.DUPLICATE_MESSAGE, () -> aliceSession.decrypt(reply));
        }
    }

    @Test
    void outboundErrors() {
        String ik = bob.identityKeys().curve25519();
        assertStatus(Status.BAD_BASE64, () -> alice.newOutboundSession(ik, "not base64!"));
        assertStatus(Status.BAD_KEY_LENGTH, () -> alice.newOutboundSession(ik, "AAAA"));
        assertStatus(Status.BAD_KEY_LENGTH, () -> alice.newOutboundSession("AAAA", bobKey.key()));
        assertThrows(NullPointerException.class, () -> alice.newOutboundSession(null, bobKey.key()));
        assertThrows(NullPointerException.class, () -> aliceSession.encrypt(null));
        assertThrows(NullPointerException.class, () -> aliceSession.decrypt(null));
        assertThrows(NullPointerException.class, () -> new OlmMessage(0, null));
    }

    @Test
    void pickles() {
        OlmMessage first = aliceSession.encrypt(utf8("x"));
        try (Session bobSession = bob.newInboundSession(null, first).session()) {
            /* Bob's state before a2's message: the copies must not replay each other. */
            String l = bobSession.pickleLibolm(LIBOLM_KEY);
            try (Session a2 = Session.unpickle(NATIVE_KEY, aliceSession.pickle(NATIVE_KEY))) {
                assertEquals(aliceSession.sessionId(), a2.sessionId());
                assertEquals(bob.identityKeys().curve25519(), a2.theirIdentityKey());
                assertEquals("from a2", bobSession.decrypt(a2.encrypt(utf8("from a2"))).text());
            }
            try (Session b2 = Session.unpickleLibolm(LIBOLM_KEY, l, alice.identityKeys().curve25519())) {
                assertEquals(l, b2.pickleLibolm(LIBOLM_KEY));
                aliceSession.encrypt(utf8("skipped: a2 sent this one"));
                OlmDecrypted d = b2.decrypt(aliceSession.encrypt(utf8("to b2")));
                assertEquals("to b2", d.text());
                assertEquals(alice.identityKeys().curve25519(), d.senderKey());
            }
            assertStatus(Status.PICKLE_BAD_KEY, () -> Session.unpickleLibolm(utf8("no"), l,
                    alice.identityKeys().curve25519()));
            assertStatus(Status.BAD_KEY_LENGTH, () -> Session.unpickleLibolm(LIBOLM_KEY, l, "AAAA"));
            assertStatus(Status.PICKLE_BAD_KEY, () -> Session.unpickle(new byte[32],
                    bobSession.pickle(NATIVE_KEY)));
            assertThrows(NullPointerException.class, () -> Session.unpickleLibolm(LIBOLM_KEY, l, null));
        }
    }

    @Test
    void messageValueObject() {
        OlmMessage a = new OlmMessage(1, "abc");
        assertEquals(a, new OlmMessage(1, "abc"));
        assertNotEquals(a, new OlmMessage(0, "abc"));
        assertNotEquals(a, "abc");
        assertEquals(a.hashCode(), new OlmMessage(1, "abc").hashCode());
        assertEquals("abc", a.body());
        assertFalse(a.isPreKey());
        assertTrue(a.toString().contains("type=1"));
    }

    @Test
    void plaintextDestroy() {
        InboundSession in = bob.newInboundSession(null, aliceSession.encrypt(utf8("secret")));
        try (Session bobSession = in.session()) {
            OlmDecrypted d = in.decrypted();
            assertFalse(d.isDestroyed());
            byte[] copy = d.bytes();
            copy[0] = 0;
            assertEquals("secret", d.text(), "bytes() gives a copy");
            d.destroy();
            assertTrue(d.isDestroyed());
            assertThrows(IllegalStateException.class, d::bytes);
            assertThrows(IllegalStateException.class, d::text);
            /* try-with-resources wipes the plaintext at the end of the block. */
            OlmDecrypted kept;
            try (OlmDecrypted e = bobSession.decrypt(aliceSession.encrypt(utf8("three")))) {
                kept = e;
                assertEquals("three", e.text());
            }
            assertTrue(kept.isDestroyed());
        }
    }
}
