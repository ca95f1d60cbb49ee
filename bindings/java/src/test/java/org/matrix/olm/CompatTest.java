/*
 * cliquet org.matrix.olm tests. SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.util.Arrays;
import java.util.Map;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CompatTest {
    private static final byte[] KEY = "pickle key".getBytes();

    private static OlmException assertOlm(int code, String message, Executable call) {
        OlmException e = assertThrows(OlmException.class, call);
        assertEquals(code, e.getExceptionCode(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    private static String pickled(OlmSession s) {
        StringBuffer err = new StringBuffer();
        byte[] p = s.pickle(KEY, err);
        assertEquals("", err.toString());
        return new String(p);
    }

    @Test
    void accountSurface() throws Exception {
        OlmAccount a = new OlmAccount();
        assertFalse(a.isReleased());
        Map<String, String> ik = a.identityKeys();
        assertEquals(2, ik.size());
        assertEquals(43, ik.get("curve25519").length());
        assertEquals(100, a.maxOneTimeKeys());
        assertTrue(a.oneTimeKeys().get("curve25519").isEmpty());
        a.generateOneTimeKeys(3);
        assertEquals(3, a.oneTimeKeys().get("curve25519").size());
        a.markOneTimeKeysAsPublished();
        assertTrue(a.oneTimeKeys().get("curve25519").isEmpty());
        assertTrue(a.fallbackKey().get("curve25519").isEmpty());
        a.generateFallbackKey();
        assertEquals(1, a.fallbackKey().get("curve25519").size());
        a.forgetFallbackKey();
        assertNull(a.signMessage(null));
        String sig = a.signMessage("message");
        new OlmUtility().verifyEd25519Signature(sig, ik.get("ed25519"), "message");
        a.removeOneTimeKeys(null);
        /* libolm's rule: any number, the newest 100 kept. */
        a.generateOneTimeKeys(250);
        assertEquals(100, a.oneTimeKeys().get("curve25519").size());
        assertTrue(a.oneTimeKeys().get("curve25519").containsKey("AAAA/Q"), "key 253 is kept");
        a.markOneTimeKeysAsPublished();
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_GENERATE_ONE_TIME_KEYS, "count must not be negative: -1",
                () -> a.generateOneTimeKeys(-1));
        a.releaseAccount();
        assertTrue(a.isReleased());
        a.releaseAccount();
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_IDENTITY_KEYS, "OlmAccount is released", a::identityKeys);
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_SIGN_MESSAGE, null, () -> a.signMessage("m"));
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_ONE_TIME_KEYS, null, a::oneTimeKeys);
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_MARK_ONE_KEYS_AS_PUBLISHED, null, a::markOneTimeKeysAsPublished);
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_GENERATE_FALLBACK_KEY, null, a::generateFallbackKey);
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_FALLBACK_KEY, null, a::fallbackKey);
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_FORGET_FALLBACK_KEY, null, a::forgetFallbackKey);
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_GENERATE_ONE_TIME_KEYS, null, () -> a.generateOneTimeKeys(1));
        StringBuffer err = new StringBuffer();
        assertNull(a.pickle(KEY, err));
        assertEquals("OlmAccount is released", err.toString());
    }

    @Test
    void accountPickles() throws Exception {
        OlmAccount a = new OlmAccount();
        StringBuffer err = new StringBuffer();
        byte[] p = a.pickle(KEY, err);
        assertNull(a.pickle(null, err));
        assertNull(a.pickle(KEY, null));
        OlmAccount b = new OlmAccount();
        b.unpickle(p, KEY);
        assertEquals(a.identityKeys(), b.identityKeys());
        OlmException e = assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, "BAD_ACCOUNT_KEY",
                () -> b.unpickle(p, "wrong".getBytes()));
        assertNotNull(e);
        assertTrue(b.isReleased(), "a failed unpickle releases, as libolm's SDK");
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, "INVALID_BASE64",
                () -> new OlmAccount().unpickle("!!!!".getBytes(), KEY));
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, "invalid input parameters",
                () -> new OlmAccount().unpickle(null, KEY));
    }

    /** libolm's own account pickles (vectors/pickle/accounts.txt) read through the SDK surface. */
    @Test
    void libolmAccountPickleVectors() throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(new FileInputStream(
                new File(System.getProperty("cliquet.root", "."), "vectors/pickle/accounts.txt")), "UTF-8"));
        int n = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                OlmAccount a = new OlmAccount();
                a.unpickle(f[3].getBytes("UTF-8"), hex(f[2]));
                assertEquals(f[3], new String(a.pickle(hex(f[2]), new StringBuffer()), "UTF-8"));
                a.releaseAccount();
                n++;
            }
        } finally {
            r.close();
        }
        assertEquals(7, n);
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.equals("-") ? 0 : s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    void sessionsTwoStepInbound() throws Exception {
        OlmAccount alice = new OlmAccount();
        OlmAccount bob = new OlmAccount();
        bob.generateOneTimeKeys(1);
        String otk = bob.oneTimeKeys().get("curve25519").values().iterator().next();
        String bobCurve = bob.identityKeys().get("curve25519");
        String aliceCurve = alice.identityKeys().get("curve25519");

        OlmSession a = new OlmSession();
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_SESSION_IDENTIFIER, "OlmSession is not initialised",
                a::sessionIdentifier);
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_INIT_OUTBOUND_SESSION, "invalid input parameters",
                () -> a.initOutboundSession(alice, "", otk));
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_INIT_OUTBOUND_SESSION, "INVALID_BASE64",
                () -> a.initOutboundSession(alice, "AAAA", otk));
        a.initOutboundSession(alice, bobCurve, otk);
        assertNull(a.encryptMessage(null));
        OlmMessage first = a.encryptMessage("hi");
        assertEquals(OlmMessage.MESSAGE_TYPE_PRE_KEY, first.mType);

        OlmSession b = new OlmSession();
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_INIT_INBOUND_SESSION, "invalid input parameters",
                () -> b.initInboundSession(bob, null));
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_INIT_INBOUND_SESSION_FROM, "BAD_MESSAGE_KEY_ID",
                () -> b.initInboundSessionFrom(bob, bobCurve, first.mCipherText));
        b.initInboundSession(bob, first.mCipherText);
        assertEquals(1, bob.oneTimeKeys().get("curve25519").size(), "kept until removeOneTimeKeys");
        assertTrue(b.matchesInboundSession(first.mCipherText));
        assertTrue(b.matchesInboundSessionFrom(aliceCurve, first.mCipherText));
        assertFalse(b.matchesInboundSessionFrom(bobCurve, first.mCipherText));
        assertFalse(b.matchesInboundSession("garbage"));
        assertEquals("hi", b.decryptMessage(first));
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_DECRYPT_MESSAGE, "BAD_MESSAGE_MAC", () -> b.decryptMessage(first));
        bob.removeOneTimeKeys(b);
        assertTrue(bob.oneTimeKeys().get("curve25519").isEmpty());
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_REMOVE_ONE_TIME_KEYS, "BAD_MESSAGE_KEY_ID",
                () -> bob.removeOneTimeKeys(b));
        assertEquals(a.sessionIdentifier(), b.sessionIdentifier());
        assertTrue(b.sessionDescribe().startsWith("sender chain index: "));
        assertNull(b.decryptMessage(null));

        /* A failed decrypt changes nothing (compared by libolm pickles). */
        OlmMessage reply = b.encryptMessage("reply");
        String before = pickled(a);
        OlmMessage bad = new OlmMessage();
        bad.mType = 1;
        String body = reply.mCipherText;
        String tail = body.endsWith("AA") ? "BA" : "AA"; /* always a change, still base64 */
        bad.mCipherText = body.substring(0, body.length() - 2) + tail;
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_DECRYPT_MESSAGE, "BAD_MESSAGE_MAC", () -> a.decryptMessage(bad));
        bad.mType = 5;
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_DECRYPT_MESSAGE, "BAD_MESSAGE_FORMAT", () -> a.decryptMessage(bad));
        assertEquals(before, pickled(a));
        assertEquals("reply", a.decryptMessage(reply));

        /* Pickle round trip through the SDK. */
        OlmSession b2 = new OlmSession();
        b2.unpickle(b.pickle(KEY, new StringBuffer()), KEY);
        assertEquals(b.sessionIdentifier(), b2.sessionIdentifier());
        assertEquals("again", b2.decryptMessage(a.encryptMessage("again")));
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, "BAD_ACCOUNT_KEY",
                () -> new OlmSession().unpickle(b.pickle(KEY, new StringBuffer()), "x".getBytes()));

        b.releaseSession();
        assertTrue(b.isReleased());
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_ENCRYPT_MESSAGE, "OlmSession is released", () -> b.encryptMessage("x"));
        assertOlm(OlmException.EXCEPTION_CODE_SESSION_SESSION_DESCRIBE, null, b::sessionDescribe);
        for (OlmSession s : Arrays.asList(a, b2)) {
            s.releaseSession();
        }
        alice.releaseAccount();
        bob.releaseAccount();
    }

    @Test
    void groupSessions() throws Exception {
        OlmOutboundGroupSession out = new OlmOutboundGroupSession();
        assertEquals(0, out.messageIndex());
        assertNull(out.encryptMessage(""));
        assertNull(out.encryptMessage(null));
        String m0 = out.encryptMessage("zero");
        OlmInboundGroupSession in = new OlmInboundGroupSession(out.sessionKey());
        assertEquals(out.sessionIdentifier(), in.sessionIdentifier());
        assertEquals(1, in.getFirstKnownIndex());
        assertTrue(in.isVerified());
        assertOlm(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_DECRYPT_SESSION, "UNKNOWN_MESSAGE_INDEX",
                () -> in.decryptMessage(m0));
        String m1 = out.encryptMessage("one");
        OlmInboundGroupSession.DecryptMessageResult r = in.decryptMessage(m1);
        assertEquals("one", r.mDecryptedMessage);
        assertEquals(1, r.mIndex);
        String exported = in.export(1);
        assertOlm(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_EXPORT, "UNKNOWN_MESSAGE_INDEX", () -> in.export(0));
        OlmInboundGroupSession imp = OlmInboundGroupSession.importSession(exported);
        assertFalse(imp.isVerified());
        assertEquals("one", imp.decryptMessage(m1).mDecryptedMessage);
        assertTrue(imp.isVerified());
        /* libolm's SDK pickles an imported session that decrypted; the mark is lost as there. */
        OlmInboundGroupSession imp2 = new OlmInboundGroupSession(out.sessionKey());
        imp2.unpickle(imp.pickle(KEY, new StringBuffer()), KEY);
        assertEquals(1, imp2.getFirstKnownIndex());

        assertOlm(OlmException.EXCEPTION_CODE_INIT_INBOUND_GROUP_SESSION, "invalid session key",
                () -> new OlmInboundGroupSession(""));
        assertOlm(OlmException.EXCEPTION_CODE_INIT_INBOUND_GROUP_SESSION, "BAD_SESSION_KEY",
                () -> new OlmInboundGroupSession("AAAA"));
        assertOlm(OlmException.EXCEPTION_CODE_INIT_INBOUND_GROUP_SESSION, "INVALID_BASE64",
                () -> OlmInboundGroupSession.importSession("?"));

        OlmOutboundGroupSession out2 = new OlmOutboundGroupSession();
        out2.unpickle(out.pickle(KEY, new StringBuffer()), KEY);
        assertEquals(2, out2.messageIndex());
        assertOlm(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, "BAD_ACCOUNT_KEY",
                () -> new OlmOutboundGroupSession().unpickle(out.pickle(KEY, new StringBuffer()), "y".getBytes()));

        for (OlmInboundGroupSession s : Arrays.asList(in, imp, imp2)) {
            s.releaseSession();
            assertTrue(s.isReleased());
        }
        assertOlm(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_IDENTIFIER, null, in::sessionIdentifier);
        assertOlm(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_FIRST_KNOWN_INDEX, null, in::getFirstKnownIndex);
        assertOlm(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_IS_VERIFIED, null, in::isVerified);
        out.releaseSession();
        out2.releaseSession();
        assertTrue(out.isReleased());
        assertEquals(0, out.messageIndex());
        assertOlm(OlmException.EXCEPTION_CODE_OUTBOUND_GROUP_SESSION_KEY, null, out::sessionKey);
        assertOlm(OlmException.EXCEPTION_CODE_OUTBOUND_GROUP_SESSION_IDENTIFIER, null, out::sessionIdentifier);
        assertOlm(OlmException.EXCEPTION_CODE_OUTBOUND_GROUP_ENCRYPT_MESSAGE, null, () -> out.encryptMessage("x"));
    }

    @Test
    void pk() throws Exception {
        OlmPkDecryption d = new OlmPkDecryption();
        assertEquals(32, OlmPkDecryption.privateKeyLength());
        assertOlm(OlmException.EXCEPTION_CODE_PK_DECRYPTION_PRIVATE_KEY, null, d::privateKey);
        String pub = d.generateKey();
        OlmPkEncryption e = new OlmPkEncryption();
        assertOlm(OlmException.EXCEPTION_CODE_PK_ENCRYPTION_ENCRYPT, "no recipient key", () -> e.encrypt("x"));
        e.setRecipientKey(null);
        assertOlm(OlmException.EXCEPTION_CODE_PK_ENCRYPTION_SET_RECIPIENT_KEY, "INVALID_BASE64",
                () -> e.setRecipientKey("AAAA"));
        e.setRecipientKey(pub);
        assertNull(e.encrypt(null));
        OlmPkMessage m = e.encrypt("backup");
        assertEquals("backup", d.decrypt(m));
        assertNull(d.decrypt(null));
        byte[] priv = d.privateKey();
        OlmPkDecryption d2 = new OlmPkDecryption();
        assertEquals(pub, d2.setPrivateKey(priv));
        assertEquals("backup", d2.decrypt(m));
        assertOlm(OlmException.EXCEPTION_CODE_PK_DECRYPTION_SET_PRIVATE_KEY, "INVALID_BASE64",
                () -> d2.setPrivateKey(new byte[5]));
        m.mMac = m.mMac.equals("AAAAAAAAAAA") ? "BAAAAAAAAAA" : "AAAAAAAAAAA";
        assertOlm(OlmException.EXCEPTION_CODE_PK_DECRYPTION_DECRYPT, "BAD_MESSAGE_MAC", () -> d.decrypt(m));
        for (OlmPkDecryption x : Arrays.asList(d, d2)) {
            x.releaseDecryption();
            assertTrue(x.isReleased());
        }
        e.releaseEncryption();
        assertTrue(e.isReleased());
        assertOlm(OlmException.EXCEPTION_CODE_PK_ENCRYPTION_ENCRYPT, null, () -> e.encrypt("x"));

        OlmPkSigning s = new OlmPkSigning();
        assertEquals(32, OlmPkSigning.seedLength());
        byte[] seed = OlmPkSigning.generateSeed();
        assertEquals(32, seed.length);
        assertNotEquals(Arrays.toString(seed), Arrays.toString(OlmPkSigning.generateSeedJni()));
        assertOlm(OlmException.EXCEPTION_CODE_PK_SIGNING_SIGN, null, () -> s.sign("x"));
        String spub = s.initWithSeed(seed);
        assertEquals(spub, new String(s.setKeyFromSeedJni(seed), "UTF-8"));
        assertNull(s.sign(null));
        new OlmUtility().verifyEd25519Signature(s.sign("signed"), spub, "signed");
        assertOlm(OlmException.EXCEPTION_CODE_PK_SIGNING_INIT_WITH_SEED, "INVALID_BASE64",
                () -> s.initWithSeed(new byte[2]));
        s.releaseSigning();
        assertTrue(s.isReleased());
    }

    @Test
    void sas() throws Exception {
        OlmSAS a = new OlmSAS();
        OlmSAS b = new OlmSAS();
        assertOlm(OlmException.EXCEPTION_CODE_SAS_MISSING_THEIR_PKEY, "call setTheirPublicKey first",
                () -> a.generateShortCode("info", 6));
        assertOlm(OlmException.EXCEPTION_CODE_SAS_ERROR, "OLM_SAS_THEIR_KEY_NOT_SET", () -> a.calculateMac("m", "i"));
        assertOlm(OlmException.EXCEPTION_CODE_SAS_ERROR, "INVALID_BASE64", () -> a.setTheirPublicKey("AAAA"));
        a.setTheirPublicKey(b.getPublicKey());
        b.setTheirPublicKey(a.getPublicKey());
        assertArrayEquals(a.generateShortCode("info", 6), b.generateShortCode("info", 6));
        assertEquals(a.calculateMac("m", "i"), b.calculateMac("m", "i"));
        assertEquals(a.calculateMacFixedBase64("m", "i"), b.calculateMacFixedBase64("m", "i"));
        assertEquals(a.calculateMacLongKdf("m", "i"), b.calculateMacLongKdf("m", "i"));
        assertNotEquals(a.calculateMac("m", "i"), a.calculateMacFixedBase64("m", "i"));
        a.releaseSas();
        a.releaseSas();
        assertOlm(OlmException.EXCEPTION_CODE_SAS_ERROR, "OlmSAS is released", a::getPublicKey);
        b.releaseSas();
    }

    @Test
    void utilityAndManager() throws Exception {
        OlmUtility u = new OlmUtility();
        assertEquals("A2daxT/5zRU1zMffzfosRYxSGDcfQY3BNvLRmsH76KU", u.sha256("Hello, World"));
        assertNull(u.sha256(null));
        OlmAccount a = new OlmAccount();
        String key = a.identityKeys().get("ed25519");
        String sig = a.signMessage("m");
        assertOlm(OlmException.EXCEPTION_CODE_UTILITY_VERIFY_SIGNATURE, "BAD_MESSAGE_MAC",
                () -> u.verifyEd25519Signature(sig, key, "other"));
        assertOlm(OlmException.EXCEPTION_CODE_UTILITY_VERIFY_SIGNATURE, "INVALID_BASE64",
                () -> u.verifyEd25519Signature(sig, "AAAA", "m"));
        assertOlm(OlmException.EXCEPTION_CODE_UTILITY_VERIFY_SIGNATURE,
                "JAVA sanity check failure - invalid input parameters", () -> u.verifyEd25519Signature("", key, "m"));
        byte[] k = OlmUtility.getRandomKey();
        assertEquals(OlmUtility.RANDOM_KEY_SIZE, k.length);
        for (byte x : k) {
            assertTrue(x >= 0);
        }
        JSONObject json = new JSONObject("{\"curve25519\":{\"AAAAAQ\":\"key\"},\"n\":1,\"s\":\"v\"}");
        assertEquals("key", OlmUtility.toStringMapMap(json).get("curve25519").get("AAAAAQ"));
        assertEquals(1, OlmUtility.toStringMapMap(json).size());
        assertEquals("v", OlmUtility.toStringMap(json).get("s"));
        assertNull(OlmUtility.toStringMap(null));
        assertNull(OlmUtility.toStringMapMap(null));
        u.releaseUtility();
        assertTrue(u.isReleased());
        a.releaseAccount();

        OlmManager m = new OlmManager();
        assertEquals("3.2.16", m.getOlmLibVersion());
        assertEquals("3.2.16", m.getOlmLibVersionJni());
        assertTrue(m.getVersion().startsWith("cliquet "));
        OlmException e = new OlmException(7, "seven");
        assertEquals(7, e.getExceptionCode());
        assertEquals("seven", e.getMessage());
        OlmMessage msg = new OlmMessage();
        assertNull(msg.mCipherText);
        assertEquals(1, OlmMessage.MESSAGE_TYPE_MESSAGE);
    }
}
