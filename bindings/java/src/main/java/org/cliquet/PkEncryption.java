/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * Legacy key backup, m.megolm_backup.v1.curve25519-aes-sha2: encrypts to a
 * backup public key. UNAUTHENTICATED scheme (libolm's): see
 * {@link PkDecryption#decrypt(PkMessage)}. Thread safety: synchronized.
 */
public final class PkEncryption extends NativeObject {
    /** An encryptor to recipientKey (base64). Statuses: BAD_BASE64, BAD_KEY_LENGTH. */
    public PkEncryption(String recipientKey) {
        super(Native.PK_ENCRYPTION, Native.pkEncryptionNew(notNull(recipientKey)));
    }

    private static String notNull(String s) {
        Util.notNull(s, "recipientKey");
        return s;
    }

    /** Encrypts with a fresh ephemeral key drawn by cliquet. */
    public synchronized PkMessage encrypt(byte[] plaintext) {
        Util.notNull(plaintext, "plaintext");
        return Native.pkEncrypt(this, handle(), plaintext);
    }
}
