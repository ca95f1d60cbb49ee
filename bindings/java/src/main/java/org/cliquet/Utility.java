/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * Stateless helpers: SHA-256, Ed25519 verification, and cliquet's strict
 * base64 (java.util.Base64 needs Android API 26; this works from API 24).
 */
public final class Utility {
    private Utility() {
    }

    /** SHA-256 of message, unpadded base64 (libolm's olm_sha256). */
    public static String sha256(byte[] message) {
        Util.notNull(message, "message");
        return Native.sha256(message);
    }

    /**
     * Verifies an Ed25519 signature (base64) of message by key (base64),
     * strictly. Returns normally only for a valid signature; otherwise
     * CliquetException with BAD_BASE64, BAD_KEY_LENGTH or BAD_SIGNATURE.
     */
    public static void verifyEd25519(String key, byte[] message, String signature) {
        Util.notNull(key, "key");
        Util.notNull(message, "message");
        Util.notNull(signature, "signature");
        Native.ed25519Verify(key, message, signature);
    }

    /** Standard unpadded base64, constant time in the data. */
    public static String base64Encode(byte[] data) {
        Util.notNull(data, "data");
        return Native.base64Encode(data);
    }

    /** Strict unpadded base64 decoding; BAD_BASE64 for anything else. */
    public static byte[] base64Decode(String text) {
        Util.notNull(text, "text");
        return Native.base64Decode(text);
    }
}
