/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * Megolm: one sender's room messages (cliquet_inbound_group_session), from
 * a session key the sender shared ({@link #InboundGroupSession(String)}) or
 * from an unsigned export ({@link #importSession(String)}).
 *
 * <p>Thread safety: calls run one at a time (synchronized). A failed decrypt
 * leaves the session as it was.
 */
public final class InboundGroupSession extends NativeObject {
    /**
     * From a signed session key (base64). Statuses: BAD_BASE64,
     * BAD_SESSION_KEY, BAD_SIGNATURE.
     */
    public InboundGroupSession(String sessionKey) {
        super(Native.INBOUND_GROUP, Native.inboundGroupNew(notNull(sessionKey), false));
    }

    private InboundGroupSession(long handle) {
        super(Native.INBOUND_GROUP, handle);
    }

    private static String notNull(String s) {
        Util.notNull(s, "sessionKey");
        return s;
    }

    /**
     * From an export (a forwarded key, a backup): imported, so its plaintexts
     * are only as authentic as whoever gave the export.
     */
    public static InboundGroupSession importSession(String exported) {
        Util.notNull(exported, "exported");
        return new InboundGroupSession(Native.inboundGroupNew(exported, true));
    }

    /**
     * From a signed session key given as ASCII bytes (an array the caller can
     * wipe afterwards, unlike a String).
     */
    public static InboundGroupSession fromSessionKey(byte[] sessionKey) {
        Util.notNull(sessionKey, "sessionKey");
        return new InboundGroupSession(Native.inboundGroupNewBytes(sessionKey, false));
    }

    /** As {@link #importSession(String)}, the export given as ASCII bytes. */
    public static InboundGroupSession importSession(byte[] exported) {
        Util.notNull(exported, "exported");
        return new InboundGroupSession(Native.inboundGroupNewBytes(exported, true));
    }

    /** The session id (the sender session's Ed25519 key). */
    public synchronized String sessionId() {
        return Native.inboundGroupId(this, handle());
    }

    /** The earliest message index this session can decrypt. */
    public synchronized long firstKnownIndex() {
        return Native.inboundGroupFirstKnownIndex(this, handle());
    }

    /** libolm's verified flag. */
    public synchronized boolean isVerified() {
        return Native.inboundGroupIsVerified(this, handle());
    }

    /** True if the session came from an unsigned export. */
    public synchronized boolean isImported() {
        return Native.inboundGroupIsImported(this, handle());
    }

    /** Exports the session from index on (UNKNOWN_MESSAGE_INDEX before the first known). */
    public synchronized String export(long index) {
        Util.uint32(index, "index");
        return Native.inboundGroupExport(this, handle(), index);
    }

    /** As {@link #export(long)}, as ASCII bytes in an array the caller can wipe. */
    public synchronized byte[] exportBytes(long index) {
        Util.uint32(index, "index");
        return Native.inboundGroupExportBytes(this, handle(), index);
    }

    /**
     * Decrypts a group message. Statuses: INPUT_TOO_LARGE, BAD_BASE64,
     * BAD_MESSAGE_FORMAT, BAD_MESSAGE_VERSION, BAD_CIPHERTEXT_LENGTH,
     * BAD_SIGNATURE, UNKNOWN_MESSAGE_INDEX, BAD_MESSAGE_MAC, BAD_PADDING.
     */
    public synchronized MegolmDecrypted decrypt(String message) {
        Util.notNull(message, "message");
        return Native.inboundGroupDecrypt(this, handle(), message);
    }

    /** A native pickle under a 32-byte key. */
    public synchronized String pickle(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.INBOUND_GROUP, Native.FORMAT_NATIVE, this, handle(), key);
    }

    /**
     * libolm's pickle (version 2). PICKLE_LOSSY for an imported session that
     * has decrypted since (libolm's format cannot say it was imported).
     */
    public synchronized String pickleLibolm(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.INBOUND_GROUP, Native.FORMAT_LIBOLM, this, handle(), key);
    }

    /** libolm's pickle, dropping the imported flag where libolm's format cannot hold it. */
    public synchronized String pickleLibolmLossy(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.INBOUND_GROUP, Native.FORMAT_LIBOLM_LOSSY, this, handle(),
                key);
    }

    public static InboundGroupSession unpickle(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new InboundGroupSession(
                Native.unpickle(Native.INBOUND_GROUP, Native.FORMAT_NATIVE, key, pickle));
    }

    public static InboundGroupSession unpickleLibolm(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new InboundGroupSession(
                Native.unpickle(Native.INBOUND_GROUP, Native.FORMAT_LIBOLM, key, pickle));
    }
}
