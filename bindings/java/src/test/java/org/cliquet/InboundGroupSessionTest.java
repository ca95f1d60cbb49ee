/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.LIBOLM_KEY;
import static org.cliquet.TestSupport.NATIVE_KEY;
import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

/**
 * ABI 1.1's inbound group session calls: compare, merge, advanceTo, export at
 * the first known index, and the replay record with the verdicts of
 * decrypt_checked.
 */
class InboundGroupSessionTest {
    /** count messages of out, in order. */
    private static List<String> send(OutboundGroupSession out, int count) {
        List<String> m = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            m.add(out.encrypt(utf8("message " + out.messageIndex())));
        }
        return m;
    }

    /** The export with one ratchet byte changed: the same session id, another ratchet. */
    private static String forged(String export) {
        byte[] raw = Utility.base64Decode(export);
        raw[5 + 17] ^= 1; /* version (1), index (4), then the 128-byte ratchet */
        return Utility.base64Encode(raw);
    }

    @Test
    void compareOrdersCopiesOfOneSession() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             OutboundGroupSession other = new OutboundGroupSession();
             InboundGroupSession early = new InboundGroupSession(out.sessionKey())) {
            send(out, 3);
            try (InboundGroupSession late = new InboundGroupSession(out.sessionKey());
                 InboundGroupSession late2 = InboundGroupSession.importSession(early.export(3));
                 InboundGroupSession stranger = new InboundGroupSession(other.sessionKey());
                 InboundGroupSession fake = InboundGroupSession.importSession(forged(early.export(0)));
                 InboundGroupSession v2 = new InboundGroupSession(out.sessionKey(), SessionConfig.V2)) {
                String before = early.pickleLibolm(LIBOLM_KEY);
                assertEquals(SessionOrdering.BETTER, early.compare(late));
                assertEquals(SessionOrdering.WORSE, late.compare(early));
                assertEquals(SessionOrdering.EQUAL, late.compare(late2));
                assertEquals(SessionOrdering.EQUAL, early.compare(early));
                assertEquals(SessionOrdering.UNCONNECTED, early.compare(stranger));
                assertEquals(early.sessionId(), fake.sessionId());
                assertEquals(SessionOrdering.UNCONNECTED, early.compare(fake), "a forged ratchet");
                assertEquals(SessionOrdering.UNCONNECTED, late.compare(v2), "another config");
                assertEquals(before, early.pickleLibolm(LIBOLM_KEY), "compare changes nothing");
                assertThrows(NullPointerException.class, () -> early.compare(null));
                assertThrows(NullPointerException.class, () -> early.merge(null));
            }
        }
    }

    @Test
    void mergeKeepsTheEarlierSessionAndTheBetterFlags() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession signed0 = new InboundGroupSession(out.sessionKey())) {
            List<String> m = send(out, 4);
            try (InboundGroupSession imported0 = InboundGroupSession.importSession(signed0.export());
                 InboundGroupSession signed2 = new InboundGroupSession(out.sessionKey())) {
                signed2.advanceTo(2);
                String i0 = imported0.pickle(NATIVE_KEY).length() + imported0.export();
                String s2 = signed2.export();
                try (InboundGroupSession merged = signed2.merge(imported0)) {
                    assertEquals(0, merged.firstKnownIndex(), "the earlier ratchet");
                    assertTrue(merged.isVerified(), "verified: reaches a signed session's ratchet");
                    assertFalse(merged.isImported(), "imported only if both are");
                    assertEquals("message 0", merged.decrypt(m.get(0)).text());
                    assertFalse(merged.decrypt(m.get(3)).isImported());
                }
                assertEquals(s2, signed2.export(), "merge changes neither input");
                assertEquals(i0, imported0.pickle(NATIVE_KEY).length() + imported0.export());
                try (InboundGroupSession other = InboundGroupSession.importSession(signed0.export(1));
                     InboundGroupSession merged = imported0.merge(other)) {
                    assertTrue(merged.isImported(), "both imported");
                    assertEquals(SessionOrdering.EQUAL, merged.compare(imported0));
                }
                try (InboundGroupSession fake = InboundGroupSession.importSession(forged(signed0.export()))) {
                    assertStatus(Status.UNCONNECTED_SESSIONS, () -> signed0.merge(fake));
                }
                try (OutboundGroupSession stranger = new OutboundGroupSession();
                     InboundGroupSession s = new InboundGroupSession(stranger.sessionKey())) {
                    assertStatus(Status.UNCONNECTED_SESSIONS, () -> signed0.merge(s));
                }
            }
        }
    }

    @Test
    void mergeAndCompareLockBothSessionsWithoutDeadlock() throws Exception {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession a = new InboundGroupSession(out.sessionKey())) {
            send(out, 1);
            try (InboundGroupSession b = new InboundGroupSession(out.sessionKey())) {
                Thread t1 = new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        a.merge(b).close();
                    }
                });
                Thread t2 = new Thread(() -> {
                    for (int i = 0; i < 300; i++) {
                        b.merge(a).close();
                        assertEquals(SessionOrdering.WORSE, b.compare(a));
                    }
                });
                t1.start();
                t2.start();
                t1.join(60000);
                t2.join(60000);
                assertFalse(t1.isAlive() || t2.isAlive(), "deadlock");
            }
        }
    }

    @Test
    void advanceToForgetsEarlierIndices() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession in = new InboundGroupSession(out.sessionKey())) {
            List<String> m = send(out, 4);
            String atZero = in.export();
            assertEquals(in.export(0), atZero);
            assertArrayEquals(utf8(atZero), in.exportBytes());
            assertTrue(in.advanceTo(2));
            assertEquals(2, in.firstKnownIndex());
            assertEquals(in.export(2), in.export());
            assertNotEquals(atZero, in.export());
            assertStatus(Status.UNKNOWN_MESSAGE_INDEX, () -> in.decrypt(m.get(1)));
            assertEquals("message 2", in.decrypt(m.get(2)).text());
            assertFalse(in.advanceTo(1), "not after the first known index: nothing changes");
            assertFalse(in.advanceTo(2));
            assertEquals(2, in.firstKnownIndex());
            /* Indices compare with wrap-around (docs/megolm.md): 2^31 or more ahead is behind. */
            assertFalse(in.advanceTo(2 + (1L << 31)));
            assertTrue(in.advanceTo(1 + (1L << 31)));
            assertEquals(1 + (1L << 31), in.firstKnownIndex());
            assertThrows(IllegalArgumentException.class, () -> in.advanceTo(-1));
            assertThrows(IllegalArgumentException.class, () -> in.advanceTo(1L << 32));
        }
    }

    @Test
    void replayRecordTellsFirstTimeFromTheSameMessage() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession in = new InboundGroupSession(out.sessionKey())) {
            String twinPickle = out.pickle(NATIVE_KEY);
            List<String> m = send(out, 2);
            assertFalse(in.replayDetection().isOn());
            assertEquals(ReplayVerdict.OFF, in.decrypt(m.get(0)).replay());
            assertEquals(ReplayVerdict.OFF, in.decrypt(m.get(0)).replay(), "off: decrypts again");

            in.setReplayDetection(true);
            in.setReplayDetection(true); /* kept if on already */
            ReplayDetection r = in.replayDetection();
            assertTrue(r.isOn());
            assertEquals(0, r.entries());
            assertEquals(0, r.evicted());
            assertEquals(ReplayVerdict.FIRST_TIME, in.decrypt(m.get(0)).replay());
            MegolmDecrypted again = in.decrypt(m.get(0));
            assertEquals(ReplayVerdict.SAME_MESSAGE, again.replay());
            assertEquals("message 0", again.text());
            assertEquals(ReplayVerdict.FIRST_TIME, in.decrypt(m.get(1)).replay());
            assertEquals(2, in.replayDetection().entries());

            /* Another message the sender's key signed at index 0: refused. */
            try (OutboundGroupSession twin = OutboundGroupSession.unpickle(NATIVE_KEY, twinPickle)) {
                String other = twin.encrypt(utf8("another message at index 0"));
                String before = in.pickle(NATIVE_KEY).length() + in.export();
                assertStatus(Status.MESSAGE_INDEX_REUSED, () -> in.decrypt(other));
                assertEquals(before, in.pickle(NATIVE_KEY).length() + in.export());
                assertEquals(2, in.replayDetection().entries(), "the session is unchanged");
            }

            /* The native pickle keeps the record; libolm's format cannot. */
            try (InboundGroupSession back = InboundGroupSession.unpickle(NATIVE_KEY, in.pickle(NATIVE_KEY))) {
                assertTrue(back.replayDetection().isOn());
                assertEquals(2, back.replayDetection().entries());
                assertEquals(ReplayVerdict.SAME_MESSAGE, back.decrypt(m.get(1)).replay());
            }
            assertStatus(Status.PICKLE_LOSSY, () -> in.pickleLibolm(LIBOLM_KEY));
            try (InboundGroupSession back =
                         InboundGroupSession.unpickleLibolm(LIBOLM_KEY, in.pickleLibolmLossy(LIBOLM_KEY))) {
                assertFalse(back.replayDetection().isOn());
            }

            in.setReplayDetection(false);
            assertFalse(in.replayDetection().isOn());
            assertEquals(0, in.replayDetection().entries());
            assertEquals(ReplayVerdict.OFF, in.decrypt(m.get(0)).replay());
            in.pickleLibolm(LIBOLM_KEY); /* fits libolm's format again */
        }
    }

    @Test
    void aFullRecordDropsTheLowestIndexAndSaysUntracked() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession in = new InboundGroupSession(out.sessionKey())) {
            in.setReplayDetection(true);
            List<String> m = send(out, ReplayDetection.MAX_ENTRIES + 1);
            for (String message : m) {
                assertEquals(ReplayVerdict.FIRST_TIME, in.decrypt(message).replay());
            }
            ReplayDetection r = in.replayDetection();
            assertEquals(ReplayDetection.MAX_ENTRIES, r.entries());
            assertEquals(1, r.evicted());
            assertEquals(ReplayVerdict.UNTRACKED, in.decrypt(m.get(0)).replay());
            assertEquals(ReplayVerdict.SAME_MESSAGE, in.decrypt(m.get(1)).replay());
        }
    }

    @Test
    void mergeFoldsBothReplayRecords() {
        try (OutboundGroupSession out = new OutboundGroupSession();
             InboundGroupSession a = new InboundGroupSession(out.sessionKey());
             InboundGroupSession b = new InboundGroupSession(out.sessionKey())) {
            List<String> m = send(out, 2);
            a.setReplayDetection(true);
            b.setReplayDetection(true);
            a.decrypt(m.get(0));
            b.decrypt(m.get(1));
            try (InboundGroupSession merged = a.merge(b)) {
                assertTrue(merged.replayDetection().isOn());
                assertEquals(2, merged.replayDetection().entries());
                assertEquals(ReplayVerdict.SAME_MESSAGE, merged.decrypt(m.get(0)).replay());
                assertEquals(ReplayVerdict.SAME_MESSAGE, merged.decrypt(m.get(1)).replay());
            }
        }
    }
}
