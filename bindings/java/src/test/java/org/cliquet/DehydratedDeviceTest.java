/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.LIBOLM_KEY;
import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.flip;
import static org.cliquet.TestSupport.hex;
import static org.cliquet.TestSupport.utf8;
import static org.cliquet.TestSupport.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

/** ABI 1.2's dehydrated devices (MSC3814; docs/dehydrated-devices.md) and vectors/dehydrated. */
class DehydratedDeviceTest {
    private static byte[] key(int seed) {
        byte[] k = new byte[DehydratedDevice.KEY_BYTES];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed + 31 * i);
        }
        return k;
    }

    /** A session from a new account to device through oneTimeKey: the device must read it. */
    private static void assertHoldsKey(Account device, String oneTimeKey) {
        try (Account peer = new Account();
             Session s = peer.newOutboundSession(device.identityKeys().curve25519(), oneTimeKey)) {
            InboundSession in = device.newInboundSession(peer.identityKeys().curve25519(),
                    s.encrypt(utf8("to the rehydrated device")));
            in.session().close();
            assertEquals("to the rehydrated device", in.decrypted().text());
        }
    }

    @Test
    void roundTrip() {
        byte[] k = key(1);
        try (Account a = new Account()) {
            a.generateOneTimeKeys(3);
            a.generateFallbackKey();
            String otk = a.oneTimeKeys().get(2).key();
            String fallback = a.unpublishedFallbackKey().key();
            String before = a.pickleLibolm(LIBOLM_KEY);
            DehydratedDevice d = a.toDehydratedDevice(k);
            assertEquals(before, a.pickleLibolm(LIBOLM_KEY), "the account is not changed");
            assertEquals(16, d.nonce().length());
            DehydratedDevice d2 = a.toDehydratedDevice(k);
            assertNotEquals(d.nonce(), d2.nonce(), "a new random nonce each time");
            assertNotEquals(d.ciphertext(), d2.ciphertext());
            try (Account back = Account.fromDehydratedDevice(d, k);
                 Account back2 = Account.fromDehydratedDevice(
                         new DehydratedDevice(d2.ciphertext(), d2.nonce()), k)) {
                assertEquals(a.identityKeys().curve25519(), back.identityKeys().curve25519());
                assertEquals(a.identityKeys().ed25519(), back.identityKeys().ed25519());
                assertEquals(a.sign(utf8("m")), back.sign(utf8("m")));
                assertTrue(back.oneTimeKeys().isEmpty(), "marked published");
                assertEquals(a.identityKeys().ed25519(), back2.identityKeys().ed25519());
                assertHoldsKey(back, otk);
                assertHoldsKey(back, fallback);
            }
        }
    }

    @Test
    void wrongKeyNonceOrBytesAreRefused() {
        byte[] k = key(2);
        Account a = new Account();
        try {
            DehydratedDevice d = a.toDehydratedDevice(k);
            DehydratedDevice other = a.toDehydratedDevice(k);
            assertStatus(Status.PICKLE_BAD_KEY, () -> Account.fromDehydratedDevice(d, key(3)));
            assertStatus(Status.PICKLE_BAD_KEY, () -> Account.fromDehydratedDevice(
                    new DehydratedDevice(d.ciphertext(), other.nonce()), k));
            assertStatus(Status.PICKLE_BAD_KEY, () -> Account.fromDehydratedDevice(
                    new DehydratedDevice(flip(d.ciphertext(), 20), d.nonce()), k));
            assertStatus(Status.BAD_KEY_LENGTH, () -> a.toDehydratedDevice(new byte[31]));
            assertStatus(Status.BAD_KEY_LENGTH, () -> a.toDehydratedDevice(new byte[33]));
            assertStatus(Status.BAD_KEY_LENGTH, () -> a.toDehydratedDevice(new byte[0]));
            assertStatus(Status.BAD_KEY_LENGTH, () -> Account.fromDehydratedDevice(d, Arrays.copyOf(k, 31)));
            /* Nonces of valid base64 and the wrong length. */
            for (int n : new int[] {0, 11, 13, 24}) {
                String nonce = Utility.base64Encode(new byte[n]);
                assertStatus(Status.BAD_NONCE_LENGTH, () -> Account.fromDehydratedDevice(
                        new DehydratedDevice(d.ciphertext(), nonce), k));
            }
            assertStatus(Status.BAD_BASE64, () -> Account.fromDehydratedDevice(
                    new DehydratedDevice(d.ciphertext() + "=", d.nonce()), k));
            assertStatus(Status.BAD_BASE64, () -> Account.fromDehydratedDevice(
                    new DehydratedDevice(d.ciphertext(), "!" + d.nonce().substring(1)), k));
            assertThrows(NullPointerException.class, () -> a.toDehydratedDevice(null));
            assertThrows(NullPointerException.class, () -> Account.fromDehydratedDevice(null, k));
            assertThrows(NullPointerException.class, () -> Account.fromDehydratedDevice(d, null));
            assertThrows(NullPointerException.class, () -> new DehydratedDevice(null, "x"));
            assertThrows(NullPointerException.class, () -> new DehydratedDevice("x", null));
        } finally {
            a.close();
        }
        assertThrows(IllegalStateException.class, () -> a.toDehydratedDevice(k));
    }

    /** An account read from libolm's pickle has no Ed25519 seed to put in a device. */
    @Test
    void libolmAccountHasNoSeed() throws IOException {
        Map<String, String> c = vectors("vectors/v2/olm.txt").get(0);
        try (Account bob = Account.unpickleLibolm(utf8("cliquet v2 vectors"), c.get("bob_pickle"))) {
            assertStatus(Status.ACCOUNT_NO_SEED, () -> bob.toDehydratedDevice(key(4)));
        }
    }

    /** The 32-byte keys packed in a hex field, each as base64 (a key's text form). */
    private static String[] keys(String hexField) {
        byte[] all = hex(hexField);
        String[] k = new String[all.length / 32];
        for (int i = 0; i < k.length; i++) {
            k[i] = Utility.base64Encode(Arrays.copyOfRange(all, 32 * i, 32 * i + 32));
        }
        return k;
    }

    /**
     * vectors/dehydrated/devices.txt (sealed with OpenSSL, not cliquet): each
     * device rehydrates to its identity keys and holds its one-time and
     * fallback keys; each malformed one gives its status.
     */
    @Test
    void dehydratedVectors() throws IOException {
        int good = 0, refused = 0;
        for (Map<String, String> c : vectors("vectors/dehydrated/devices.txt")) {
            DehydratedDevice d = new DehydratedDevice(c.get("ciphertext"), c.get("nonce"));
            byte[] k = hex(c.get("key"));
            if (!c.get("status").equals("CLIQUET_OK")) {
                CliquetException e = assertThrows(CliquetException.class,
                        () -> Account.fromDehydratedDevice(d, k), c.get("name"));
                assertEquals(c.get("status"), e.statusName(), c.get("name"));
                refused++;
                continue;
            }
            try (Account a = Account.fromDehydratedDevice(d, k)) {
                assertEquals(c.get("curve25519"), a.identityKeys().curve25519(), c.get("name"));
                assertEquals(c.get("ed25519"), a.identityKeys().ed25519(), c.get("name"));
                String[] otks = keys(c.get("otk_publics"));
                if (otks.length > 0) {
                    assertHoldsKey(a, otks[0]);
                    assertHoldsKey(a, otks[otks.length - 1]);
                }
                if (!c.get("fallback_public").equals("-")) {
                    assertHoldsKey(a, keys(c.get("fallback_public"))[0]);
                }
                assertStatus(Status.PICKLE_BAD_KEY, () -> Account.fromDehydratedDevice(d, key(5)));
                good++;
            }
        }
        assertEquals(4, good);
        assertEquals(15, refused);
    }
}
