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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

class GroupSessionTest {
    @Test
    void sendAndReceive() {
        try (OutboundGroupSession out = new OutboundGroupSession()) {
            assertEquals(0, out.messageIndex());
            assertEquals(43, out.sessionId().length());
            String key = out.sessionKey();
            try (InboundGroupSession in = new InboundGroupSession(key)) {
                assertEquals(out.sessionId(), in.sessionId());
                assertEquals(0, in.firstKnownIndex());
                assertTrue(in.isVerified());
                assertFalse(in.isImported());
                String m0 = out.encrypt(utf8("zero"));
                String m1 = out.encrypt(utf8("one"));
                assertEquals(2, out.messageIndex());
                MegolmDecrypted d1 = in.decrypt(m1);
                assertEquals("one", d1.text());
                assertEquals(1, d1.messageIndex());
                assertEquals(out.sessionId(), d1.sessionId());
                assertTrue(d1.isVerified());
                assertFalse(d1.isImported());
                assertEquals("zero", in.decrypt(m0).text());
                assertEquals("zero", in.decrypt(m0).text(), "replays are the caller's to detect");
            }
        }
    }

    @Test
    void exportAndImport() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession in = new InboundGroupSession(out.sessionKey())) {
            String m0 = out.encrypt(utf8("zero"));
            String m1 = out.encrypt(utf8("one"));
            String exported = in.export(1);
            assertStatus(Status.BAD_SESSION_KEY, () -> new InboundGroupSession(exported));
            try (InboundGroupSession imp = InboundGroupSession.importSession(exported)) {
                assertTrue(imp.isImported());
                assertFalse(imp.isVerified());
                assertEquals(1, imp.firstKnownIndex());
                assertStatus(Status.UNKNOWN_MESSAGE_INDEX, () -> imp.decrypt(m0));
                assertStatus(Status.UNKNOWN_MESSAGE_INDEX, () -> imp.export(0));
                MegolmDecrypted d = imp.decrypt(m1);
                assertTrue(d.isImported());
                assertTrue(d.isVerified());
                /* libolm's format cannot keep "imported" now. */
                assertStatus(Status.PICKLE_LOSSY, () -> imp.pickleLibolm(LIBOLM_KEY));
                try (InboundGroupSession back =
                             InboundGroupSession.unpickleLibolm(LIBOLM_KEY, imp.pickleLibolmLossy(LIBOLM_KEY))) {
                    assertFalse(back.isImported());
                }
                try (InboundGroupSession back = InboundGroupSession.unpickle(NATIVE_KEY, imp.pickle(NATIVE_KEY))) {
                    assertTrue(back.isImported());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> in.export(-1));
            assertThrows(IllegalArgumentException.class, () -> in.export(1L << 32));
        }
    }

    @Test
    void decryptFailuresLeaveTheSessionUnchanged() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             OutboundGroupSession other = new OutboundGroupSession()) {
            String m = out.encrypt(utf8("payload"));
            out.encrypt(utf8("advance"));
            try (InboundGroupSession late = new InboundGroupSession(out.sessionKey())) {
                String before = late.pickleLibolm(LIBOLM_KEY);
                assertStatus(Status.UNKNOWN_MESSAGE_INDEX, () -> late.decrypt(m));
                assertStatus(Status.BAD_BASE64, () -> late.decrypt(m + "!"));
                assertStatus(Status.BAD_SIGNATURE, () -> late.decrypt(flip(m, 20)));
                assertStatus(Status.BAD_SIGNATURE, () -> late.decrypt(other.encrypt(utf8("x"))));
                assertStatus(Status.BAD_MESSAGE_FORMAT, () -> late.decrypt("AwAA"));
                assertEquals(before, late.pickleLibolm(LIBOLM_KEY));
            }
        }
        assertStatus(Status.BAD_BASE64, () -> new InboundGroupSession("not a key"));
        assertStatus(Status.BAD_SESSION_KEY, () -> new InboundGroupSession("AAAA"));
        assertStatus(Status.BAD_SESSION_KEY, () -> InboundGroupSession.importSession("AAAA"));
        assertThrows(NullPointerException.class, () -> new InboundGroupSession(null));
        assertThrows(NullPointerException.class, () -> InboundGroupSession.importSession((String) null));
    }

    @Test
    void secretsAsWipeableBytes() {
        try (OutboundGroupSession out = new OutboundGroupSession()) {
            byte[] key = out.sessionKeyBytes();
            assertEquals(out.sessionKey(), new String(key, TestSupport.UTF_8));
            String m = out.encrypt(utf8("bytes"));
            try (InboundGroupSession in = InboundGroupSession.fromSessionKey(key)) {
                java.util.Arrays.fill(key, (byte) 0);
                assertEquals("bytes", in.decrypt(m).text(), "the session does not depend on the caller's array");
                byte[] exported = in.exportBytes(0);
                assertEquals(in.export(0), new String(exported, TestSupport.UTF_8));
                try (InboundGroupSession imp = InboundGroupSession.importSession(exported)) {
                    assertTrue(imp.isImported());
                    assertEquals("bytes", imp.decrypt(m).text());
                }
                assertThrows(IllegalArgumentException.class, () -> in.exportBytes(-1));
                assertStatus(Status.UNKNOWN_MESSAGE_INDEX, () -> InboundGroupSession.importSession(
                        in.exportBytes(1)).decrypt(m));
            }
            assertStatus(Status.BAD_SESSION_KEY, () -> InboundGroupSession.fromSessionKey(utf8("AAAA")));
            assertStatus(Status.BAD_BASE64, () -> InboundGroupSession.importSession(utf8("*")));
            assertThrows(NullPointerException.class, () -> InboundGroupSession.fromSessionKey(null));
            assertThrows(NullPointerException.class, () -> InboundGroupSession.importSession((byte[]) null));
        }
    }

    @Test
    void signedKeyTamperedIsRefused() {
        try (OutboundGroupSession out = new OutboundGroupSession()) {
            String key = out.sessionKey();
            assertStatus(Status.BAD_SIGNATURE, () -> new InboundGroupSession(flip(key, 100)));
        }
    }

    @Test
    void pickles() {
        try (OutboundGroupSession out = new OutboundGroupSession()) {
            out.encrypt(utf8("a"));
            String key = out.sessionKey();
            try (OutboundGroupSession o2 = OutboundGroupSession.unpickle(NATIVE_KEY, out.pickle(NATIVE_KEY));
                 OutboundGroupSession o3 = OutboundGroupSession.unpickleLibolm(LIBOLM_KEY,
                         out.pickleLibolm(LIBOLM_KEY));
                 InboundGroupSession in = new InboundGroupSession(key)) {
                assertEquals(1, o2.messageIndex());
                assertEquals(out.sessionId(), o3.sessionId());
                assertEquals(out.pickleLibolm(LIBOLM_KEY), o3.pickleLibolm(LIBOLM_KEY));
                assertEquals("from o2", in.decrypt(o2.encrypt(utf8("from o2"))).text());
                try (InboundGroupSession i2 = InboundGroupSession.unpickleLibolm(LIBOLM_KEY,
                        in.pickleLibolm(LIBOLM_KEY));
                     InboundGroupSession i3 = InboundGroupSession.unpickle(NATIVE_KEY, in.pickle(NATIVE_KEY))) {
                    assertEquals(in.sessionId(), i2.sessionId());
                    assertEquals(1, i3.firstKnownIndex());
                }
                assertStatus(Status.PICKLE_BAD_KEY,
                        () -> InboundGroupSession.unpickleLibolm(utf8("x"), in.pickleLibolm(LIBOLM_KEY)));
                assertStatus(Status.PICKLE_WRONG_TYPE,
                        () -> InboundGroupSession.unpickle(NATIVE_KEY, out.pickle(NATIVE_KEY)));
            }
        }
    }
}
