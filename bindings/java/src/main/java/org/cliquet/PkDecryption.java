/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * A legacy key-backup decryption key (Curve25519). Thread safety:
 * synchronized.
 */
public final class PkDecryption extends NativeObject {
    /** A fresh random key (drawn by cliquet). */
    public PkDecryption() {
        super(Native.PK_DECRYPTION, Native.pkDecryptionNew(null));
    }

    private PkDecryption(long handle) {
        super(Native.PK_DECRYPTION, handle);
    }

    /**
     * From the 32-byte private key (the bytes a recovery key encodes); the
     * caller may wipe its array afterwards. Other lengths: BAD_KEY_LENGTH.
     */
    public static PkDecryption fromPrivateKey(byte[] privateKey) {
        Util.notNull(privateKey, "privateKey");
        return new PkDecryption(Native.pkDecryptionNew(privateKey));
    }

    /** The public key (base64): the backup's auth_data public_key. */
    public synchronized String publicKey() {
        return Native.pkDecryptionPublicKey(this, handle());
    }

    /** The 32-byte private key, a secret: wipe the array when done. */
    public synchronized byte[] privateKey() {
        return Native.pkDecryptionPrivateKey(this, handle());
    }

    /**
     * Decrypts a legacy backup. A success does NOT mean the backup's owner
     * wrote it: anyone who knows the public key can make backups that
     * decrypt; check what you restore. Statuses: BAD_BASE64, BAD_KEY_LENGTH,
     * BAD_MESSAGE_MAC, BAD_CIPHERTEXT_LENGTH, ZERO_SHARED_SECRET, BAD_PADDING.
     */
    public synchronized byte[] decrypt(PkMessage message) {
        Util.notNull(message, "message");
        return Native.pkDecrypt(this, handle(), message.ciphertext(), message.mac(),
                message.ephemeralKey());
    }

    /** A native pickle under a 32-byte key. */
    public synchronized String pickle(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.PK_DECRYPTION, Native.FORMAT_NATIVE, this, handle(), key);
    }

    /** libolm's pickle (version 1) under a key of any length. */
    public synchronized String pickleLibolm(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.PK_DECRYPTION, Native.FORMAT_LIBOLM, this, handle(), key);
    }

    public static PkDecryption unpickle(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new PkDecryption(
                Native.unpickle(Native.PK_DECRYPTION, Native.FORMAT_NATIVE, key, pickle));
    }

    public static PkDecryption unpickleLibolm(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new PkDecryption(
                Native.unpickle(Native.PK_DECRYPTION, Native.FORMAT_LIBOLM, key, pickle));
    }
}
