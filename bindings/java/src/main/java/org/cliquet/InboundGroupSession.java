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
     * From a signed session key (base64), of {@link SessionConfig#V1}.
     * Statuses: BAD_BASE64, BAD_SESSION_KEY, BAD_SIGNATURE.
     */
    public InboundGroupSession(String sessionKey) {
        this(sessionKey, SessionConfig.V1);
    }

    /**
     * From a signed session key (base64), of the config the sender's
     * session has (a session key does not carry it). Statuses as
     * {@link #InboundGroupSession(String)}.
     */
    public InboundGroupSession(String sessionKey, SessionConfig config) {
        super(Native.INBOUND_GROUP, Native.inboundGroupNew(notNull(sessionKey, "sessionKey"),
                false, configCode(config)));
    }

    private InboundGroupSession(long handle) {
        super(Native.INBOUND_GROUP, handle);
    }

    private static <T> T notNull(T o, String name) {
        Util.notNull(o, name);
        return o;
    }

    private static int configCode(SessionConfig config) {
        return notNull(config, "config").code();
    }

    /**
     * From an export (a forwarded key, a backup): imported, so its plaintexts
     * are only as authentic as whoever gave the export.
     */
    public static InboundGroupSession importSession(String exported) {
        return importSession(exported, SessionConfig.V1);
    }

    /** As {@link #importSession(String)}, for a session of the given config. */
    public static InboundGroupSession importSession(String exported, SessionConfig config) {
        Util.notNull(exported, "exported");
        return new InboundGroupSession(
                Native.inboundGroupNew(exported, true, configCode(config)));
    }

    /**
     * From a signed session key given as ASCII bytes (an array the caller can
     * wipe afterwards, unlike a String).
     */
    public static InboundGroupSession fromSessionKey(byte[] sessionKey) {
        return fromSessionKey(sessionKey, SessionConfig.V1);
    }

    /** As {@link #fromSessionKey(byte[])}, for a session of the given config. */
    public static InboundGroupSession fromSessionKey(byte[] sessionKey, SessionConfig config) {
        Util.notNull(sessionKey, "sessionKey");
        return new InboundGroupSession(
                Native.inboundGroupNewBytes(sessionKey, false, configCode(config)));
    }

    /** As {@link #importSession(String)}, the export given as ASCII bytes. */
    public static InboundGroupSession importSession(byte[] exported) {
        return importSession(exported, SessionConfig.V1);
    }

    /** As {@link #importSession(byte[])}, for a session of the given config. */
    public static InboundGroupSession importSession(byte[] exported, SessionConfig config) {
        Util.notNull(exported, "exported");
        return new InboundGroupSession(
                Native.inboundGroupNewBytes(exported, true, configCode(config)));
    }

    /** The session's config, chosen when it was made. */
    public synchronized SessionConfig config() {
        return SessionConfig.of(Native.inboundGroupConfig(this, handle()));
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

    /** The export at the first known index: everything this session can decrypt. */
    public synchronized String export() {
        return Native.inboundGroupExport(this, handle(), -1);
    }

    /** As {@link #export()}, as ASCII bytes in an array the caller can wipe. */
    public synchronized byte[] exportBytes() {
        return Native.inboundGroupExportBytes(this, handle(), -1);
    }

    /**
     * Decrypts a group message and says what authenticated it and what the
     * replay record says of it (cliquet_inbound_group_session_decrypt_checked).
     * Statuses: INPUT_TOO_LARGE, BAD_BASE64, BAD_MESSAGE_FORMAT,
     * BAD_MESSAGE_VERSION (also a message of the other {@link SessionConfig}),
     * BAD_CIPHERTEXT_LENGTH, BAD_SIGNATURE, UNKNOWN_MESSAGE_INDEX,
     * BAD_MESSAGE_MAC, BAD_PADDING, and with the replay record on
     * MESSAGE_INDEX_REUSED (another message at an index already decrypted:
     * its plaintext is withheld).
     */
    public synchronized MegolmDecrypted decrypt(String message) {
        Util.notNull(message, "message");
        return Native.inboundGroupDecrypt(this, handle(), message);
    }

    /**
     * How this session relates to other (vodozemac's compare): whether they
     * are copies of one sender's session and which starts earlier. Changes
     * neither.
     */
    public SessionOrdering compare(InboundGroupSession other) {
        Util.notNull(other, "other");
        return withBoth(this, other, () -> SessionOrdering.of(
                Native.inboundGroupCompare(this, handle(), other, other.handle())));
    }

    /**
     * A new session, the merge of this one and other: the one that starts
     * earlier (this one when equal), verified if either is, imported only if
     * both are; the replay records folded. Changes neither. Status:
     * UNCONNECTED_SESSIONS when they are not copies of one session.
     */
    public InboundGroupSession merge(InboundGroupSession other) {
        Util.notNull(other, "other");
        long merged = withBoth(this, other,
                () -> Native.inboundGroupMerge(this, handle(), other, other.handle()));
        return new InboundGroupSession(merged);
    }

    /**
     * Forgets every message index before index, for good. True when index
     * was after the first known index (the session now starts there); false,
     * and nothing changed, otherwise.
     */
    public synchronized boolean advanceTo(long index) {
        Util.uint32(index, "index");
        return Native.inboundGroupAdvanceTo(this, handle(), index);
    }

    /**
     * Turns the replay record on (kept if on already) or off (its entries
     * wiped). With it on, the session remembers each index it decrypted with
     * a digest of the message: {@link MegolmDecrypted#replay()} says whether
     * a message is new or the same one again, and another message at a
     * recorded index fails with MESSAGE_INDEX_REUSED. The native pickle keeps
     * the record; libolm's format cannot (PICKLE_LOSSY; pickleLibolmLossy
     * drops it).
     */
    public synchronized void setReplayDetection(boolean on) {
        Native.inboundGroupSetReplayDetection(this, handle(), on);
    }

    /** Whether the replay record is on, how many indices it holds, how many it dropped. */
    public synchronized ReplayDetection replayDetection() {
        long[] r = Native.inboundGroupReplayDetection(this, handle());
        return new ReplayDetection(r[0] != 0, (int) r[1], r[2]);
    }

    /** A native pickle under a 32-byte key. */
    public synchronized String pickle(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.INBOUND_GROUP, Native.FORMAT_NATIVE, this, handle(), key);
    }

    /**
     * libolm's pickle (version 2). PICKLE_LOSSY for an imported session that
     * has decrypted since (libolm's format cannot say it was imported), for a
     * session with its replay record on, and for a {@link SessionConfig#V2}
     * session.
     */
    public synchronized String pickleLibolm(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.INBOUND_GROUP, Native.FORMAT_LIBOLM, this, handle(), key);
    }

    /**
     * libolm's pickle, dropping the imported flag and the replay record where
     * libolm's format cannot hold them (a V2 session is still PICKLE_LOSSY).
     */
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
