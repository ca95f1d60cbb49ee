/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One side of MSC4108's ECIES channel built from the JDK's own X25519,
 * HMAC-SHA-512 and ChaCha20-Poly1305 (Java 11 and later, looked up by name),
 * from the construction docs/ecies.md describes: no cliquet code. The tests
 * check it against vectors/ecies/info.txt, then talk to cliquet's channel
 * through the binding with it, so the binding is tied to known answers
 * without a way to give cliquet its private key.
 */
final class EciesOracle {
    /* DER prefixes of RFC 8410 X25519 keys (PKCS#8 private, X.509 public). */
    private static final byte[] PKCS8_PREFIX = TestSupport.hex("302e020100300506032b656e04220420");
    private static final byte[] X509_PREFIX = TestSupport.hex("302a300506032b656e032100");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final byte[] sendKey;
    private final byte[] receiveKey;
    /** The check code's two bytes. */
    final byte[] checkCode;
    private long sent;
    private long received;

    /**
     * The channel of the side holding ourPrivate, with theirPublic, as G
     * (the QR code's side) when weAreG, else as S.
     */
    EciesOracle(byte[] info, byte[] ourPrivate, byte[] theirPublic, boolean weAreG)
            throws GeneralSecurityException {
        byte[] ours = publicKey(ourPrivate);
        byte[] shared = x25519(ourPrivate, theirPublic);
        String gp = b64(weAreG ? ours : theirPublic);
        String sp = b64(weAreG ? theirPublic : ours);
        byte[] keyS = hkdf(shared, label(info, "_ENCKEY_S|" + gp + "|" + sp), 32);
        byte[] keyG = hkdf(shared, label(info, "_ENCKEY_G|" + gp + "|" + sp), 32);
        checkCode = hkdf(shared, label(info, "_CHECKCODE|" + gp + "|" + sp), 2);
        sendKey = weAreG ? keyG : keyS;
        receiveKey = weAreG ? keyS : keyG;
    }

    static String b64(byte[] b) {
        return B64.encodeToString(b);
    }

    /** X25519(k, 9): the public key of a private key. */
    static byte[] publicKey(byte[] privateKey) throws GeneralSecurityException {
        byte[] nine = new byte[32];
        nine[0] = 9;
        return x25519(privateKey, nine);
    }

    static byte[] x25519(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
        KeyFactory f = KeyFactory.getInstance("X25519");
        PrivateKey k = f.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, privateKey)));
        PublicKey p = f.generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey)));
        KeyAgreement a = KeyAgreement.getInstance("X25519");
        a.init(k);
        a.doPhase(p, true);
        return a.generateSecret();
    }

    /** The digit both sides show: (b[0] % 10) * 10 + b[1] % 10. */
    int checkDigits() {
        return (checkCode[0] & 0xff) % 10 * 10 + (checkCode[1] & 0xff) % 10;
    }

    /** Our next message (base64 of ciphertext and tag). */
    String encrypt(byte[] plaintext) throws GeneralSecurityException {
        return b64(chacha(Cipher.ENCRYPT_MODE, sendKey, sent++, plaintext));
    }

    /** S's initial message: the first message, then "|" and S's public key. */
    String initialMessage(byte[] plaintext, byte[] ourPublic) throws GeneralSecurityException {
        return encrypt(plaintext) + "|" + b64(ourPublic);
    }

    /** The other side's next message. */
    byte[] decrypt(String message) throws GeneralSecurityException {
        return chacha(Cipher.DECRYPT_MODE, receiveKey, received++, Base64.getDecoder().decode(message));
    }

    private static byte[] label(byte[] prefix, String rest) {
        return concat(prefix, rest.getBytes(TestSupport.UTF_8));
    }

    /** HKDF-SHA-512 (RFC 5869) with no salt (64 zero bytes), n at most 64 bytes. */
    private static byte[] hkdf(byte[] ikm, byte[] info, int n) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(new byte[64], "HmacSHA512"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA512"));
        mac.update(info);
        return Arrays.copyOf(mac.doFinal(new byte[] {1}), n);
    }

    /** ChaCha20-Poly1305 with the counter as a 12-byte little-endian nonce. */
    private static byte[] chacha(int mode, byte[] key, long counter, byte[] in)
            throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (counter >>> (8 * i));
        }
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        return c.doFinal(in);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(a, 0, a.length);
        o.write(b, 0, b.length);
        return o.toByteArray();
    }
}
