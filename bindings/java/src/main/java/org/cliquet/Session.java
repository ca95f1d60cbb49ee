/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * An Olm 1:1 session with one device (cliquet_session). Made by
 * {@link Account#newOutboundSession} or {@link Account#newInboundSession},
 * or restored from a pickle.
 *
 * <p>Thread safety: calls on one session run one at a time (synchronized).
 * A failed decrypt leaves the session exactly as it was.
 */
public final class Session extends NativeObject {
    Session(long handle) {
        super(Native.SESSION, handle);
    }

    /** The session id (base64), the same on both sides. */
    public synchronized String sessionId() {
        return Native.sessionId(this, handle());
    }

    /** The Curve25519 identity key of the device this session is with. */
    public synchronized String theirIdentityKey() {
        return Native.sessionTheirIdentityKey(this, handle());
    }

    /** The session's config, chosen when it was made (both ends have the same). */
    public synchronized SessionConfig config() {
        return SessionConfig.of(Native.sessionConfig(this, handle()));
    }

    /** True once a message from the peer has decrypted. */
    public synchronized boolean hasReceivedMessage() {
        return Native.sessionHasReceivedMessage(this, handle());
    }

    /** The type the next {@link #encrypt} writes: pre-key until the peer answers. */
    public synchronized int nextMessageType() {
        return Native.sessionMessageType(this, handle());
    }

    /**
     * True if the pre-key message was made for this session (and, with
     * theirIdentityKey not null, by that key): route retries of a first
     * message here before making a new inbound session. A malformed message
     * throws its parse status.
     */
    public synchronized boolean matchesInbound(String theirIdentityKey, OlmMessage preKeyMessage) {
        Util.notNull(preKeyMessage, "preKeyMessage");
        return Native.sessionMatchesInbound(this, handle(), theirIdentityKey,
                preKeyMessage.body());
    }

    /** Encrypts plaintext (random bytes drawn by cliquet). */
    public synchronized OlmMessage encrypt(byte[] plaintext) {
        Util.notNull(plaintext, "plaintext");
        return Native.sessionEncrypt(this, handle(), plaintext);
    }

    /**
     * Decrypts a message. Statuses: BAD_MESSAGE_TYPE, INPUT_TOO_LARGE,
     * BAD_BASE64, BAD_MESSAGE_VERSION, BAD_MESSAGE_FORMAT, BAD_KEY,
     * WRONG_SESSION, BAD_MESSAGE_MAC, MESSAGE_GAP_TOO_LARGE,
     * DUPLICATE_MESSAGE, BAD_CIPHERTEXT_LENGTH, BAD_PADDING,
     * ZERO_SHARED_SECRET. The session is unchanged by a failure. A message of
     * the other {@link SessionConfig} is BAD_MESSAGE_VERSION.
     */
    public synchronized OlmDecrypted decrypt(OlmMessage message) {
        Util.notNull(message, "message");
        return Native.sessionDecrypt(this, handle(), message.type(), message.body());
    }

    /** A native pickle under a 32-byte key. */
    public synchronized String pickle(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.SESSION, Native.FORMAT_NATIVE, this, handle(), key);
    }

    /** libolm's session pickle (version 1) under a key of any length; PICKLE_LOSSY for V2. */
    public synchronized String pickleLibolm(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.SESSION, Native.FORMAT_LIBOLM, this, handle(), key);
    }

    /** A session from a native pickle. */
    public static Session unpickle(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new Session(Native.unpickle(Native.SESSION, Native.FORMAT_NATIVE, key, pickle));
    }

    /**
     * A session from libolm's pickle. libolm's pickle does not hold the peer's
     * identity key for sessions this device started: give the key the session
     * was filed under (it is what {@link OlmDecrypted#senderKey()} reports).
     */
    public static Session unpickleLibolm(byte[] key, String pickle, String theirIdentityKey) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        Util.notNull(theirIdentityKey, "theirIdentityKey");
        return new Session(Native.sessionUnpickleLibolm(key, pickle, theirIdentityKey));
    }
}
