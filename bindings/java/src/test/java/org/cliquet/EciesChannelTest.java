/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.flip;
import static org.cliquet.TestSupport.hex;
import static org.cliquet.TestSupport.utf8;
import static org.cliquet.TestSupport.vectors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

/** ABI 1.1/1.2's ECIES channel (MSC4108; docs/ecies.md) and vectors/ecies/info.txt. */
class EciesChannelTest {
    private static final byte[] LOGIN = utf8("MATRIX_QR_CODE_LOGIN");

    /** g shows its key, s scans it: both established, the initial plaintext checked. */
    private static void establish(EciesChannel g, EciesChannel s) {
        String initial = s.establishOutbound(g.publicKey(), utf8("initial"));
        assertArrayEquals(utf8("initial"), g.establishInbound(initial));
    }

    @Test
    void bothDirections() {
        try (EciesChannel g = new EciesChannel(); EciesChannel s = new EciesChannel()) {
            String gKey = g.publicKey();
            assertEquals(43, gKey.length());
            assertNotEquals(gKey, s.publicKey());
            String initial = s.establishOutbound(gKey, utf8("log me in"));
            assertTrue(initial.endsWith("|" + s.publicKey()));
            assertArrayEquals(utf8("log me in"), g.establishInbound(initial));
            assertEquals(gKey, g.publicKey(), "the same key once established");
            int code = g.checkCode();
            assertEquals(code, s.checkCode());
            assertTrue(code >= 0 && code <= 99);
            byte[] b = g.checkCodeBytes();
            assertArrayEquals(b, s.checkCodeBytes());
            assertEquals((b[0] & 0xff) % 10 * 10 + (b[1] & 0xff) % 10, code);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(utf8("s to g " + i), g.decrypt(s.encrypt(utf8("s to g " + i))));
                assertArrayEquals(utf8("g to s " + i), s.decrypt(g.encrypt(utf8("g to s " + i))));
            }
            assertArrayEquals(new byte[0], g.decrypt(s.encrypt(new byte[0])));
        }
    }

    @Test
    void replaysOvertakingAndTamperingAreRefusedAndChangeNothing() {
        try (EciesChannel g = new EciesChannel(); EciesChannel s = new EciesChannel()) {
            establish(g, s);
            String m1 = s.encrypt(utf8("one"));
            String m2 = s.encrypt(utf8("two"));
            assertStatus(Status.MESSAGE_OUT_OF_ORDER, () -> g.decrypt(m2));
            assertStatus(Status.BAD_MESSAGE_MAC, () -> g.decrypt(flip(m1, 3)));
            assertArrayEquals(utf8("one"), g.decrypt(m1));
            assertStatus(Status.DUPLICATE_MESSAGE, () -> g.decrypt(m1));
            assertArrayEquals(utf8("two"), g.decrypt(m2));
            String own = g.encrypt(utf8("mine"));
            /* Our own message sent back. */
            assertStatus(Status.BAD_MESSAGE_MAC, () -> g.decrypt(own));
            assertArrayEquals(utf8("mine"), s.decrypt(own));
            assertStatus(Status.BAD_MESSAGE_FORMAT, () -> g.decrypt("AAAA"));
            assertStatus(Status.BAD_BASE64, () -> g.decrypt(m1 + "="));
        }
    }

    @Test
    void aTamperedInitialMessageLeavesTheChannelFresh() {
        try (EciesChannel g = new EciesChannel(); EciesChannel s = new EciesChannel()) {
            String initial = s.establishOutbound(g.publicKey(), utf8("initial"));
            assertStatus(Status.BAD_MESSAGE_MAC, () -> g.establishInbound(flip(initial, 2)));
            assertStatus(Status.BAD_MESSAGE_FORMAT, () -> g.establishInbound(initial.replace('|', 'A')));
            assertStatus(Status.ECIES_NOT_ESTABLISHED, g::checkCode);
            assertArrayEquals(utf8("initial"), g.establishInbound(initial));
            assertEquals(s.checkCode(), g.checkCode());
        }
    }

    @Test
    void infoPrefixSeparatesChannels() {
        try (EciesChannel g = new EciesChannel("ORG_EXAMPLE_CHANNEL");
             EciesChannel s = new EciesChannel(utf8("ORG_EXAMPLE_CHANNEL"))) {
            establish(g, s);
            assertArrayEquals(utf8("x"), s.decrypt(g.encrypt(utf8("x"))));
        }
        try (EciesChannel g = new EciesChannel("ORG_EXAMPLE_CHANNEL");
             EciesChannel s = new EciesChannel("ORG_OTHER_CHANNEL");
             EciesChannel login = new EciesChannel(); EciesChannel empty = new EciesChannel(new byte[0])) {
            String initial = s.establishOutbound(g.publicKey(), utf8("initial"));
            assertStatus(Status.BAD_MESSAGE_MAC, () -> g.establishInbound(initial));
            String toLogin = empty.establishOutbound(login.publicKey(), utf8("i"));
            /* An empty prefix is not the default one. */
            assertStatus(Status.BAD_MESSAGE_MAC, () -> login.establishInbound(toLogin));
        }
        /* The default prefix is MATRIX_QR_CODE_LOGIN itself. */
        try (EciesChannel g = new EciesChannel(); EciesChannel s = new EciesChannel(LOGIN)) {
            establish(g, s);
        }
        try (EciesChannel g = new EciesChannel(new byte[0]); EciesChannel s = new EciesChannel("")) {
            establish(g, s);
        }
        new EciesChannel(new byte[EciesChannel.MAX_INFO_BYTES]).close();
        assertStatus(Status.INPUT_TOO_LARGE, () -> new EciesChannel(new byte[EciesChannel.MAX_INFO_BYTES + 1]));
    }

    @Test
    void misuseGivesItsStatus() {
        try (EciesChannel g = new EciesChannel(); EciesChannel s = new EciesChannel();
             EciesChannel t = new EciesChannel()) {
            assertStatus(Status.ECIES_NOT_ESTABLISHED, g::checkCode);
            assertStatus(Status.ECIES_NOT_ESTABLISHED, g::checkCodeBytes);
            assertStatus(Status.ECIES_NOT_ESTABLISHED, () -> g.encrypt(utf8("x")));
            assertStatus(Status.ECIES_NOT_ESTABLISHED, () -> g.decrypt("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            assertStatus(Status.BAD_KEY_LENGTH, () -> s.establishOutbound("AAAA", utf8("x")));
            assertStatus(Status.BAD_BASE64, () -> s.establishOutbound("!!!!", utf8("x")));
            assertStatus(Status.ZERO_SHARED_SECRET,
                    () -> s.establishOutbound(Utility.base64Encode(new byte[32]), utf8("x")));
            assertStatus(Status.INPUT_TOO_LARGE, () -> s.establishOutbound(g.publicKey(),
                    new byte[EciesChannel.MAX_PLAINTEXT_BYTES + 1]));
            String initial = s.establishOutbound(g.publicKey(), new byte[EciesChannel.MAX_PLAINTEXT_BYTES]);
            assertEquals(EciesChannel.MAX_PLAINTEXT_BYTES, g.establishInbound(initial).length);
            assertStatus(Status.ECIES_ALREADY_ESTABLISHED, () -> s.establishOutbound(t.publicKey(), utf8("x")));
            assertStatus(Status.ECIES_ALREADY_ESTABLISHED, () -> g.establishInbound(initial));
            assertStatus(Status.INPUT_TOO_LARGE, () -> s.encrypt(new byte[EciesChannel.MAX_PLAINTEXT_BYTES + 1]));
            assertThrows(NullPointerException.class, () -> new EciesChannel((byte[]) null));
            assertThrows(NullPointerException.class, () -> new EciesChannel((String) null));
            assertThrows(NullPointerException.class, () -> t.establishOutbound(null, utf8("x")));
            assertThrows(NullPointerException.class, () -> t.establishOutbound(g.publicKey(), null));
            assertThrows(NullPointerException.class, () -> t.establishInbound(null));
            assertThrows(NullPointerException.class, () -> s.encrypt(null));
            assertThrows(NullPointerException.class, () -> s.decrypt(null));
        }
    }

    /**
     * vectors/ecies/info.txt (OpenSSL, from vodozemac's construction): the
     * JDK oracle reproduces every case, then each side of a case talks to a
     * cliquet channel of the same prefix through the binding: the oracle as
     * S (the case's s key) to cliquet's G, and cliquet's S to the oracle as
     * G (the case's g key).
     */
    @Test
    void infoVectorsThroughTheBinding() throws Exception {
        int checked = 0;
        for (Map<String, String> c : vectors("vectors/ecies/info.txt")) {
            byte[] info = hex(c.get("info"));
            byte[] gPriv = hex(c.get("g_random"));
            byte[] sPriv = hex(c.get("s_random"));
            byte[] gPub = EciesOracle.publicKey(gPriv);
            byte[] sPub = EciesOracle.publicKey(sPriv);

            /* The oracle against the known answers. */
            EciesOracle s = new EciesOracle(info, sPriv, gPub, false);
            EciesOracle g = new EciesOracle(info, gPriv, sPub, true);
            assertArrayEquals(hex(c.get("check_code_bytes")), s.checkCode);
            assertEquals(Integer.parseInt(c.get("check_code")), s.checkDigits());
            assertEquals(c.get("initial_message"), s.initialMessage(hex(c.get("initial_plaintext")), sPub));
            assertEquals(c.get("s_message"), s.encrypt(hex(c.get("s_plaintext"))));
            assertEquals(c.get("g_message"), g.encrypt(hex(c.get("g_plaintext"))));

            /* cliquet as G, the oracle as S with the case's key. */
            try (EciesChannel cg = new EciesChannel(info)) {
                EciesOracle os = new EciesOracle(info, sPriv, Utility.base64Decode(cg.publicKey()), false);
                byte[] p = hex(c.get("initial_plaintext"));
                assertArrayEquals(p, cg.establishInbound(os.initialMessage(p, sPub)));
                assertArrayEquals(os.checkCode, cg.checkCodeBytes());
                assertEquals(os.checkDigits(), cg.checkCode());
                assertArrayEquals(utf8("s to g"), cg.decrypt(os.encrypt(utf8("s to g"))));
                assertArrayEquals(utf8("g to s"), os.decrypt(cg.encrypt(utf8("g to s"))));
            }
            /* cliquet as S toward the case's G key, the oracle as G. */
            try (EciesChannel cs = new EciesChannel(info)) {
                String initial = cs.establishOutbound(EciesOracle.b64(gPub), utf8("initial"));
                String[] parts = initial.split("\\|");
                assertEquals(cs.publicKey(), parts[1]);
                EciesOracle og = new EciesOracle(info, gPriv, Utility.base64Decode(parts[1]), true);
                assertArrayEquals(utf8("initial"), og.decrypt(parts[0]));
                assertArrayEquals(og.checkCode, cs.checkCodeBytes());
                assertArrayEquals(utf8("g to s"), cs.decrypt(og.encrypt(utf8("g to s"))));
                assertArrayEquals(utf8("s to g"), og.decrypt(cs.encrypt(utf8("s to g"))));
            }
            checked++;
        }
        assertEquals(5, checked);
        assertTrue(Arrays.equals(LOGIN, hex(vectors("vectors/ecies/info.txt").get(0).get("info"))),
                "the first case is the default prefix");
    }

    /**
     * vectors/ecies/vodozemac.txt, transcripts with a live vodozemac: the
     * oracle, given cliquet's private key of each, reads and writes every
     * message byte for byte, so the oracle that checks the binding above
     * agrees with vodozemac too.
     */
    @Test
    void oracleAgreesWithVodozemacTranscripts() throws Exception {
        List<String> lines = Files.readAllLines(
                new File(TestSupport.root(), "vectors/ecies/vodozemac.txt").toPath(), TestSupport.UTF_8);
        EciesOracle o = null;
        String lastVector = null, initial = null;
        byte[] ourPrivate = null, peerPublic = null;
        int vectors = 0, messages = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.equals("end") || line.isEmpty()) {
                continue;
            }
            String field = line.substring(0, line.indexOf(": "));
            String value = line.substring(field.length() + 2);
            String[] v = value.split(" ", 2);
            if (field.equals("vector")) {
                vectors++;
                o = null;
                lastVector = value;
            } else if (field.equals("cliquet_random")) {
                ourPrivate = hex(value);
            } else if (field.equals("cliquet_public_key")) {
                assertEquals(value, EciesOracle.b64(EciesOracle.publicKey(ourPrivate)));
            } else if (field.equals("peer_public_key")) {
                peerPublic = Utility.base64Decode(value);
            } else if (field.equals("initial_message")) {
                initial = value;
            } else if (field.equals("initial_plaintext")) {
                String[] parts = initial.split("\\|");
                if (lastVector.equals("vodozemac-outbound")) {
                    o = new EciesOracle(LOGIN, ourPrivate, Utility.base64Decode(parts[1]), true);
                    assertArrayEquals(utf8(value), o.decrypt(parts[0]));
                } else {
                    o = new EciesOracle(LOGIN, ourPrivate, peerPublic, false);
                    assertEquals(initial, o.initialMessage(utf8(value), EciesOracle.publicKey(ourPrivate)));
                }
            } else if (field.equals("check_code")) {
                assertEquals(Integer.parseInt(value), o.checkDigits());
            } else if (field.equals("peer_message")) {
                assertArrayEquals(utf8(v[1]), o.decrypt(v[0]));
                messages++;
            } else if (field.equals("cliquet_message")) {
                assertEquals(v[0], o.encrypt(utf8(v[1])));
                messages++;
            }
        }
        assertEquals(2, vectors);
        assertEquals(32, messages);
    }
}
