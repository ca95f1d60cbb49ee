/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.LIBOLM_KEY;
import static org.cliquet.TestSupport.NATIVE_KEY;
import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.flip;
import static org.cliquet.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

class AccountTest {
    @Test
    void identityKeysAreBase64AndStable() {
        try (Account a = new Account()) {
            IdentityKeys k = a.identityKeys();
            assertEquals(43, k.curve25519().length());
            assertEquals(43, k.ed25519().length());
            assertEquals(k.curve25519(), a.identityKeys().curve25519());
            assertEquals(32, Utility.base64Decode(k.ed25519()).length);
        }
        try (Account a = new Account(); Account b = new Account()) {
            assertNotEquals(a.identityKeys().curve25519(), b.identityKeys().curve25519());
        }
    }

    @Test
    void signVerifies() {
        try (Account a = new Account()) {
            byte[] msg = utf8("{\"device_id\":\"JAVA\"}");
            String sig = a.sign(msg);
            assertEquals(86, sig.length());
            Utility.verifyEd25519(a.identityKeys().ed25519(), msg, sig);
            assertStatus(Status.BAD_SIGNATURE,
                    () -> Utility.verifyEd25519(a.identityKeys().ed25519(), utf8("other"), sig));
            assertEquals(86, a.sign(new byte[0]).length());
        }
    }

    @Test
    void oneTimeKeysLifecycle() {
        try (Account a = new Account()) {
            assertEquals(50, a.maxOneTimeKeys());
            assertTrue(a.oneTimeKeys().isEmpty());
            assertEquals(0, a.generateOneTimeKeys(5));
            List<OneTimeKey> keys = a.oneTimeKeys();
            assertEquals(5, keys.size());
            assertEquals("AAAAAQ", keys.get(0).keyId());
            assertEquals(43, keys.get(0).key().length());
            assertThrows(UnsupportedOperationException.class, () -> keys.clear());
            a.markKeysAsPublished();
            assertTrue(a.oneTimeKeys().isEmpty());
            /* 100 kept at most: 96 more evict the oldest 1 of the 5 published. */
            assertEquals(1, a.generateOneTimeKeys(96));
            assertStatus(Status.TOO_MANY_KEYS, () -> a.generateOneTimeKeys(101));
            assertThrows(IllegalArgumentException.class, () -> a.generateOneTimeKeys(-1));
            assertEquals(0, a.generateOneTimeKeys(0));
        }
    }

    @Test
    void fallbackKeys() {
        try (Account a = new Account()) {
            assertNull(a.unpublishedFallbackKey());
            a.generateFallbackKey();
            OneTimeKey f = a.unpublishedFallbackKey();
            assertNotNull(f);
            assertEquals(43, f.key().length());
            assertEquals(f, a.unpublishedFallbackKey());
            assertEquals(f.hashCode(), a.unpublishedFallbackKey().hashCode());
            assertTrue(f.toString().startsWith(f.keyId() + ":"));
            a.markKeysAsPublished();
            assertNull(a.unpublishedFallbackKey());
            a.generateFallbackKey();
            assertNotEquals(f.key(), a.unpublishedFallbackKey().key());
            a.forgetOldFallbackKey();
            a.forgetOldFallbackKey();
        }
    }

    @Test
    void picklesRoundTrip() {
        try (Account a = new Account()) {
            a.generateOneTimeKeys(3);
            a.generateFallbackKey();
            String p = a.pickle(NATIVE_KEY);
            assertNotEquals(p, a.pickle(NATIVE_KEY), "native pickles take a random nonce");
            try (Account b = Account.unpickle(NATIVE_KEY, p)) {
                assertEquals(a.identityKeys().ed25519(), b.identityKeys().ed25519());
                assertEquals(a.oneTimeKeys(), b.oneTimeKeys());
                assertEquals(a.sign(utf8("x")), b.sign(utf8("x")));
            }
            String l = a.pickleLibolm(LIBOLM_KEY);
            assertEquals(l, a.pickleLibolm(LIBOLM_KEY), "libolm pickles are deterministic");
            try (Account c = Account.unpickleLibolm(LIBOLM_KEY, l)) {
                assertEquals(a.identityKeys().curve25519(), c.identityKeys().curve25519());
                assertEquals(l, c.pickleLibolm(LIBOLM_KEY));
            }
            try (Account d = Account.unpickleLibolm(new byte[0], a.pickleLibolm(new byte[0]))) {
                assertEquals(a.identityKeys().curve25519(), d.identityKeys().curve25519());
            }
        }
    }

    @Test
    void pickleErrors() {
        try (Account a = new Account()) {
            String p = a.pickle(NATIVE_KEY);
            byte[] wrong = NATIVE_KEY.clone();
            wrong[0] ^= 1;
            assertStatus(Status.PICKLE_BAD_KEY, () -> Account.unpickle(wrong, p));
            assertStatus(Status.BAD_KEY_LENGTH, () -> a.pickle(new byte[31]));
            assertStatus(Status.BAD_KEY_LENGTH, () -> Account.unpickle(new byte[33], p));
            assertStatus(Status.BAD_BASE64, () -> Account.unpickle(NATIVE_KEY, p + "!"));
            assertStatus(Status.PICKLE_BAD_KEY, () -> Account.unpickle(NATIVE_KEY, flip(p, 40)));
            String l = a.pickleLibolm(LIBOLM_KEY);
            assertStatus(Status.PICKLE_BAD_KEY, () -> Account.unpickleLibolm(utf8("wrong"), l));
            assertStatus(Status.BAD_BASE64, () -> Account.unpickleLibolm(LIBOLM_KEY, "*" + l));
            try (OutboundGroupSession o = new OutboundGroupSession()) {
                String other = o.pickle(NATIVE_KEY);
                assertStatus(Status.PICKLE_WRONG_TYPE, () -> Account.unpickle(NATIVE_KEY, other));
            }
            assertThrows(NullPointerException.class, () -> Account.unpickle(null, p));
            assertThrows(NullPointerException.class, () -> Account.unpickle(NATIVE_KEY, null));
            assertThrows(NullPointerException.class, () -> a.pickle(null));
            assertThrows(NullPointerException.class, () -> a.sign(null));
        }
    }

    @Test
    void failuresLeaveTheAccountUnchanged() {
        try (Account a = new Account(); Account b = new Account()) {
            a.generateOneTimeKeys(2);
            String before = a.pickleLibolm(LIBOLM_KEY);
            assertStatus(Status.TOO_MANY_KEYS, () -> a.generateOneTimeKeys(1000));
            assertStatus(Status.BAD_BASE64,
                    () -> a.newInboundSession(null, new OlmMessage(OlmMessage.PRE_KEY, "!!!!")));
            assertStatus(Status.BAD_MESSAGE_FORMAT,
                    () -> a.newInboundSession(null, new OlmMessage(OlmMessage.PRE_KEY, "AwAA")));
            /* A genuine pre-key message for another account. */
            b.generateOneTimeKeys(1);
            try (Account c = new Account();
                 Session s = c.newOutboundSession(b.identityKeys().curve25519(),
                         b.oneTimeKeys().get(0).key())) {
                OlmMessage m = s.encrypt(utf8("hi"));
                assertStatus(Status.BAD_MESSAGE_KEY_ID, () -> a.newInboundSession(null, m));
            }
            assertEquals(before, a.pickleLibolm(LIBOLM_KEY));
        }
    }
}
