/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * A one-time or fallback key with its key id: publish it as
 * "signed_curve25519:" + keyId. Immutable.
 */
public final class OneTimeKey {
    private final String keyId;
    private final String key;

    OneTimeKey(String keyId, String key) {
        this.keyId = keyId;
        this.key = key;
    }

    /** The key id, e.g. "AAAAAQ". */
    public String keyId() {
        return keyId;
    }

    /** The Curve25519 public key (base64). */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneTimeKey && ((OneTimeKey) o).keyId.equals(keyId)
                && ((OneTimeKey) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + key.hashCode();
    }

    @Override
    public String toString() {
        return keyId + ":" + key;
    }
}
