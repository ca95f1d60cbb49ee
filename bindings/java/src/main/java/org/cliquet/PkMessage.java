/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * A legacy key-backup ciphertext: a backup's session_data "ciphertext",
 * "mac" and "ephemeral" fields (base64). Immutable. The scheme is
 * unauthenticated: see {@link PkDecryption#decrypt(PkMessage)}.
 */
public final class PkMessage {
    private final String ciphertext;
    private final String mac;
    private final String ephemeralKey;

    /** A message as read from a backup. */
    public PkMessage(String ciphertext, String mac, String ephemeralKey) {
        if (ciphertext == null || mac == null || ephemeralKey == null) {
            throw new NullPointerException("ciphertext, mac and ephemeralKey are required");
        }
        this.ciphertext = ciphertext;
        this.mac = mac;
        this.ephemeralKey = ephemeralKey;
    }

    public String ciphertext() {
        return ciphertext;
    }

    public String mac() {
        return mac;
    }

    public String ephemeralKey() {
        return ephemeralKey;
    }
}
