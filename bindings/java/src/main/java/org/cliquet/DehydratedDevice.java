/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * An account as a dehydrated device (MSC3814, algorithm
 * "org.matrix.msc3814.v2"; docs/dehydrated-devices.md): its identity keys,
 * one-time keys and current fallback key, encrypted under a 32-byte key for
 * the server to hold. {@link #ciphertext()} and {@link #nonce()} are the
 * device_data's "device_pickle" and "nonce". Made by
 * {@link Account#toDehydratedDevice(byte[])}; read back by
 * {@link Account#fromDehydratedDevice(DehydratedDevice, byte[])}.
 *
 * <p>Immutable. Neither field is secret without the key.
 */
public final class DehydratedDevice {
    /** CLIQUET_DEHYDRATED_DEVICE_KEY_BYTES: the key's length. */
    public static final int KEY_BYTES = 32;

    private final String ciphertext;
    private final String nonce;

    /**
     * A device as the server gave it back.
     *
     * @param ciphertext device_data's "device_pickle" (base64)
     * @param nonce device_data's "nonce" (base64 of 12 bytes)
     */
    public DehydratedDevice(String ciphertext, String nonce) {
        Util.notNull(ciphertext, "ciphertext");
        Util.notNull(nonce, "nonce");
        this.ciphertext = ciphertext;
        this.nonce = nonce;
    }

    /** The encrypted account (unpadded base64). */
    public String ciphertext() {
        return ciphertext;
    }

    /** The ChaCha20-Poly1305 nonce (unpadded base64 of 12 bytes, 16 characters). */
    public String nonce() {
        return nonce;
    }
}
