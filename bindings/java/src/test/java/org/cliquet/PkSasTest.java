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

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

class PkSasTest {
    private static boolean cpuHasAesNi() throws java.io.IOException {
        if (!System.getProperty("os.arch").equals("amd64")) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/cpuinfo"),
                TestSupport.UTF_8)) {
            if (line.startsWith("flags")) {
                return (line + " ").contains(" aes ");
            }
        }
        return false;
    }

    @Test
    void backupRoundTrip() {
        try (PkDecryption d = new PkDecryption(); PkEncryption e = new PkEncryption(d.publicKey())) {
            PkMessage m = e.encrypt(utf8("room key"));
            assertEquals(11, m.mac().length());
            assertEquals(43, m.ephemeralKey().length());
            assertArrayEquals(utf8("room key"), d.decrypt(m));
            byte[] priv = d.privateKey();
            assertEquals(32, priv.length);
            try (PkDecryption d2 = PkDecryption.fromPrivateKey(priv)) {
                assertEquals(d.publicKey(), d2.publicKey());
                assertArrayEquals(utf8("room key"), d2.decrypt(m));
            }
            String mac = m.mac().equals("AAAAAAAAAAA") ? "BAAAAAAAAAA" : "AAAAAAAAAAA";
            assertStatus(Status.BAD_MESSAGE_MAC,
                    () -> d.decrypt(new PkMessage(m.ciphertext(), mac, m.ephemeralKey())));
            assertStatus(Status.BAD_BASE64,
                    () -> d.decrypt(new PkMessage("!" + m.ciphertext().substring(1), m.mac(), m.ephemeralKey())));
            assertStatus(Status.BAD_KEY_LENGTH,
                    () -> d.decrypt(new PkMessage(m.ciphertext(), m.mac(), "AAAA")));
            assertStatus(Status.BAD_KEY_LENGTH, () -> PkDecryption.fromPrivateKey(new byte[31]));
            assertStatus(Status.BAD_BASE64, () -> new PkEncryption("?"));
            assertStatus(Status.BAD_KEY_LENGTH, () -> new PkEncryption("AAAA"));
            assertThrows(NullPointerException.class, () -> new PkMessage(null, "a", "b"));
        }
    }

    @Test
    void pkDecryptionPickles() {
        try (PkDecryption d = new PkDecryption()) {
            try (PkDecryption n = PkDecryption.unpickle(NATIVE_KEY, d.pickle(NATIVE_KEY));
                 PkDecryption l = PkDecryption.unpickleLibolm(LIBOLM_KEY, d.pickleLibolm(LIBOLM_KEY))) {
                assertEquals(d.publicKey(), n.publicKey());
                assertArrayEquals(d.privateKey(), l.privateKey());
            }
            assertStatus(Status.PICKLE_BAD_KEY, () -> PkDecryption.unpickle(new byte[32], d.pickle(NATIVE_KEY)));
        }
    }

    @Test
    void signing() {
        try (PkSigning s = new PkSigning()) {
            byte[] seed = s.seed();
            assertEquals(32, seed.length);
            String sig = s.sign(utf8("cross-signing"));
            Utility.verifyEd25519(s.publicKey(), utf8("cross-signing"), sig);
            try (PkSigning t = PkSigning.fromSeed(seed)) {
                assertEquals(s.publicKey(), t.publicKey());
                assertEquals(sig, t.sign(utf8("cross-signing")));
            }
            assertStatus(Status.BAD_KEY_LENGTH, () -> PkSigning.fromSeed(new byte[3]));
            assertThrows(NullPointerException.class, () -> s.sign(null));
        }
    }

    @Test
    void sas() {
        try (Sas a = new Sas(); Sas b = new Sas()) {
            assertFalse(a.isTheirKeySet());
            assertStatus(Status.SAS_NO_THEIR_KEY, () -> a.generateBytes(utf8("i"), 6));
            assertStatus(Status.SAS_NO_THEIR_KEY, () -> a.calculateMac(utf8("m"), utf8("i")));
            assertStatus(Status.BAD_BASE64, () -> a.setTheirPublicKey("*"));
            assertStatus(Status.BAD_KEY_LENGTH, () -> a.setTheirPublicKey("AAAA"));
            assertFalse(a.isTheirKeySet(), "a failure sets nothing");
            a.setTheirPublicKey(b.publicKey());
            b.setTheirPublicKey(a.publicKey());
            assertTrue(a.isTheirKeySet());
            byte[] info = utf8("MATRIX_KEY_VERIFICATION_SAS|test");
            assertArrayEquals(a.generateBytes(info, 6), b.generateBytes(info, 6));
            assertEquals(0, a.generateBytes(info, 0).length);
            assertStatus(Status.INPUT_TOO_LARGE, () -> a.generateBytes(info, 8161));
            assertThrows(IllegalArgumentException.class, () -> a.generateBytes(info, -1));
            byte[] m = utf8("ed25519:DEVICE");
            assertEquals(a.calculateMac(m, info), b.calculateMac(m, info));
            assertEquals(43, a.calculateMac(m, info).length());
            assertEquals(a.calculateMacLegacyBase64(m, info), b.calculateMacLegacyBase64(m, info));
            assertEquals(a.calculateMacLongKdf(m, info), b.calculateMacLongKdf(m, info));
            assertNotEquals(a.calculateMac(m, info), a.calculateMacLegacyBase64(m, info));
            assertThrows(NullPointerException.class, () -> a.calculateMac(null, info));
        }
    }

    @Test
    void utility() throws java.io.IOException {
        assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", Utility.sha256(new byte[0]));
        assertEquals("Zm9v", Utility.base64Encode(utf8("foo")));
        assertEquals("", Utility.base64Encode(new byte[0]));
        assertArrayEquals(utf8("foob"), Utility.base64Decode("Zm9vYg"));
        assertStatus(Status.BAD_BASE64, () -> Utility.base64Decode("Zm9vYg=="));
        assertStatus(Status.BAD_BASE64, () -> Utility.base64Decode("Z"));
        assertStatus(Status.BAD_BASE64, () -> Utility.verifyEd25519("*", utf8("m"), "AAAA"));
        assertStatus(Status.BAD_KEY_LENGTH, () -> Utility.verifyEd25519("AAAA", utf8("m"), "AAAA"));
        assertThrows(NullPointerException.class, () -> Utility.sha256(null));
        assertEquals("1.0.0".length(), Cliquet.version().length());
        /* cliquet picks AES-NI by CPUID on x86-64: the same answer as Linux's cpu flags. */
        assertEquals(cpuHasAesNi(), Cliquet.aesHardware());
    }
}
