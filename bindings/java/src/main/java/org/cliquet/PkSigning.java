/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/** An Ed25519 signing key from a 32-byte seed (cross-signing). Thread safety: synchronized. */
public final class PkSigning extends NativeObject {
    /** A fresh random seed (drawn by cliquet). */
    public PkSigning() {
        super(Native.PK_SIGNING, Native.pkSigningNew(null));
    }

    private PkSigning(long handle) {
        super(Native.PK_SIGNING, handle);
    }

    /** From a 32-byte seed (other lengths: BAD_KEY_LENGTH); the caller may wipe its array. */
    public static PkSigning fromSeed(byte[] seed) {
        Util.notNull(seed, "seed");
        return new PkSigning(Native.pkSigningNew(seed));
    }

    /** The seed, a secret: wipe the array when done. */
    public synchronized byte[] seed() {
        return Native.pkSigningSeed(this, handle());
    }

    /** The Ed25519 public key (base64). */
    public synchronized String publicKey() {
        return Native.pkSigningPublicKey(this, handle());
    }

    /** The Ed25519 signature (base64) of message. */
    public synchronized String sign(byte[] message) {
        Util.notNull(message, "message");
        return Native.pkSign(this, handle(), message);
    }
}
