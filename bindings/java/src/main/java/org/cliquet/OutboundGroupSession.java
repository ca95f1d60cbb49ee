/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * Megolm: the room messages this device sends (cliquet_outbound_group_session).
 * Share {@link #sessionKey()} with every device in the room over Olm.
 *
 * <p>Thread safety: calls run one at a time (synchronized).
 */
public final class OutboundGroupSession extends NativeObject {
    /** A new session with fresh random keys, at message index 0, of {@link SessionConfig#V1}. */
    public OutboundGroupSession() {
        this(SessionConfig.V1);
    }

    /**
     * A new session of the given config (vodozemac's GroupSession::new(config)).
     * Recipients must make their inbound session with the same config.
     */
    public OutboundGroupSession(SessionConfig config) {
        super(Native.OUTBOUND_GROUP, Native.outboundGroupNew(configCode(config)));
    }

    private static int configCode(SessionConfig config) {
        Util.notNull(config, "config");
        return config.code();
    }

    private OutboundGroupSession(long handle) {
        super(Native.OUTBOUND_GROUP, handle);
    }

    /** The session id: the base64 Ed25519 public key. */
    public synchronized String sessionId() {
        return Native.outboundGroupId(this, handle());
    }

    /** The session's config, chosen when it was made. */
    public synchronized SessionConfig config() {
        return SessionConfig.of(Native.outboundGroupConfig(this, handle()));
    }

    /** The index the next message will carry (0 to 2^32 - 1). */
    public synchronized long messageIndex() {
        return Native.outboundGroupMessageIndex(this, handle());
    }

    /**
     * The session key at the current index, signed (a secret: a String here,
     * which Java cannot wipe; it goes into an m.room_key event's JSON).
     */
    public synchronized String sessionKey() {
        return Native.outboundGroupKey(this, handle());
    }

    /** As {@link #sessionKey()}, as ASCII bytes in an array the caller can wipe. */
    public synchronized byte[] sessionKeyBytes() {
        return Native.outboundGroupKeyBytes(this, handle());
    }

    /** Encrypts plaintext and advances the ratchet. */
    public synchronized String encrypt(byte[] plaintext) {
        Util.notNull(plaintext, "plaintext");
        return Native.outboundGroupEncrypt(this, handle(), plaintext);
    }

    /** A native pickle under a 32-byte key. */
    public synchronized String pickle(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.OUTBOUND_GROUP, Native.FORMAT_NATIVE, this, handle(), key);
    }

    /** libolm's pickle (version 1) under a key of any length; PICKLE_LOSSY for a V2 session. */
    public synchronized String pickleLibolm(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.OUTBOUND_GROUP, Native.FORMAT_LIBOLM, this, handle(), key);
    }

    public static OutboundGroupSession unpickle(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new OutboundGroupSession(
                Native.unpickle(Native.OUTBOUND_GROUP, Native.FORMAT_NATIVE, key, pickle));
    }

    public static OutboundGroupSession unpickleLibolm(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new OutboundGroupSession(
                Native.unpickle(Native.OUTBOUND_GROUP, Native.FORMAT_LIBOLM, key, pickle));
    }
}
