/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * libolm's semantics where they differ from cliquet's, for the
 * {@code org.matrix.olm} layer (include/cliquet_libolm.h). Not for new code:
 * each method names its better form.
 */
public final class LibolmCompat {
    private LibolmCompat() {
    }

    /** What {@link #newInboundSessionKeepKey} makes. */
    public static final class Inbound {
        private final Session session;
        private final byte[] plaintext;

        Inbound(Session session, byte[] plaintext) {
            this.session = session;
            this.plaintext = plaintext;
        }

        public Session session() {
            return session;
        }

        /** The first message's plaintext (the caller's array to wipe). */
        public byte[] plaintext() {
            return plaintext;
        }
    }

    /**
     * libolm's two-step inbound session: as {@link Account#newInboundSession},
     * but the account keeps the one-time key until {@link #removeOneTimeKey}.
     */
    public static Inbound newInboundSessionKeepKey(Account account, String theirIdentityKey,
                                                   String preKeyMessage) {
        Util.notNull(account, "account");
        Util.notNull(preKeyMessage, "preKeyMessage");
        long[] out = new long[1];
        byte[] plaintext;
        synchronized (account) {
            plaintext = Native.libolmNewInboundKeepKey(account, account.handle(),
                    theirIdentityKey, preKeyMessage, out);
        }
        return new Inbound(new Session(out[0]), plaintext);
    }

    /**
     * Removes the one-time key the inbound session was made with; returns its
     * id. BAD_MESSAGE_KEY_ID if the account holds no such key.
     */
    public static long removeOneTimeKey(Account account, Session session) {
        Util.notNull(account, "account");
        Util.notNull(session, "session");
        /* Both locks, always the session's first (no other path takes two). */
        synchronized (session) {
            synchronized (account) {
                return Native.libolmRemoveOneTimeKey(account, account.handle(), session,
                        session.handle());
            }
        }
    }

    /** libolm's olm_session_describe: the chain counters, no key material. */
    public static String describe(Session session) {
        Util.notNull(session, "session");
        synchronized (session) {
            return Native.libolmDescribe(session, session.handle());
        }
    }

    /**
     * libolm's olm_unpickle_session, which has no peer key: the pickle's Alice
     * is taken as the peer. Better: {@link Session#unpickleLibolm}.
     */
    public static Session unpickleSessionAsInbound(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new Session(Native.libolmUnpickleSessionAsInbound(key, pickle));
    }
}
