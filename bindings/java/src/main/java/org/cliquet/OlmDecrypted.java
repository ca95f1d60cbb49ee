/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * A decrypted Olm message and what authenticated it: the plaintext was
 * written by the holder of {@link #senderKey()}'s private key, over the
 * session {@link #sessionId()}. Also what the decryption evicted to make room
 * (cliquet_olm_decrypt_info).
 */
public final class OlmDecrypted extends Plaintext {
    private final String senderKey;
    private final String sessionId;
    private final int evictedMessageKeys;
    private final int evictedChains;

    OlmDecrypted(byte[] plaintext, String senderKey, String sessionId, int evictedMessageKeys,
                 int evictedChains) {
        super(plaintext);
        this.senderKey = senderKey;
        this.sessionId = sessionId;
        this.evictedMessageKeys = evictedMessageKeys;
        this.evictedChains = evictedChains;
    }

    /** The sender's Curve25519 identity key (base64): who wrote this. */
    public String senderKey() {
        return senderKey;
    }

    /** The session's id (base64). */
    public String sessionId() {
        return sessionId;
    }

    /** Skipped message keys this decryption evicted (the oldest first). */
    public int evictedMessageKeys() {
        return evictedMessageKeys;
    }

    /** Receiver chains this decryption evicted. */
    public int evictedChains() {
        return evictedChains;
    }
}
