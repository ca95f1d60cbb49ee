/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * Short authentication strings (m.sas.v1): an ephemeral X25519 key per
 * verification. Calls that need the shared secret throw SAS_NO_THEIR_KEY
 * until {@link #setTheirPublicKey} succeeds. Thread safety: synchronized.
 */
public final class Sas extends NativeObject {
    /** A SAS with a fresh ephemeral key (drawn by cliquet). */
    public Sas() {
        super(Native.SAS, Native.sasNew());
    }

    /** Our ephemeral public key (base64), for m.key.verification.key. */
    public synchronized String publicKey() {
        return Native.sasPublicKey(this, handle());
    }

    /** Sets the other side's key. Statuses: BAD_BASE64, BAD_KEY_LENGTH, ZERO_SHARED_SECRET. */
    public synchronized void setTheirPublicKey(String key) {
        Util.notNull(key, "key");
        Native.sasSetTheirKey(this, handle(), key);
    }

    /** True once their key is set. */
    public synchronized boolean isTheirKeySet() {
        return Native.sasIsTheirKeySet(this, handle());
    }

    /** n bytes of HKDF(shared secret, info): the SAS bytes (Matrix: 6). */
    public synchronized byte[] generateBytes(byte[] info, int n) {
        Util.notNull(info, "info");
        Util.notNegative(n, "n");
        return Native.sasGenerateBytes(this, handle(), info, n);
    }

    /** The MAC for method "hkdf-hmac-sha256.v2". Use this one. */
    public synchronized String calculateMac(byte[] message, byte[] info) {
        return mac(Native.MAC_V2, message, info);
    }

    /** LEGACY "hkdf-hmac-sha256": libolm's broken base64. */
    public synchronized String calculateMacLegacyBase64(byte[] message, byte[] info) {
        return mac(Native.MAC_LEGACY_BASE64, message, info);
    }

    /** LEGACY: an old Riot's MAC (libolm's calculate_mac_long_kdf). */
    public synchronized String calculateMacLongKdf(byte[] message, byte[] info) {
        return mac(Native.MAC_LONG_KDF, message, info);
    }

    private String mac(int variant, byte[] message, byte[] info) {
        Util.notNull(message, "message");
        Util.notNull(info, "info");
        return Native.sasMac(this, handle(), variant, message, info);
    }
}
