/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * A decrypted group message and what authenticated it
 * (cliquet_megolm_decrypt_info), and what the session's replay record says
 * of it ({@link #replay()}). With the record off, replays are the caller's
 * to detect, by {@link #sessionId()} and {@link #messageIndex()}.
 */
public final class MegolmDecrypted extends Plaintext {
    private final String sessionId;
    private final long messageIndex;
    private final boolean verified;
    private final boolean imported;
    private final ReplayVerdict replay;

    /* Made by the glue: replay is a cliquet_megolm_replay value. */
    MegolmDecrypted(byte[] plaintext, String sessionId, long messageIndex, boolean verified,
                    boolean imported, int replay) {
        super(plaintext);
        this.replay = ReplayVerdict.of(replay);
        this.sessionId = sessionId;
        this.messageIndex = messageIndex;
        this.verified = verified;
        this.imported = imported;
    }

    /** The session id: the sender session's Ed25519 key (base64). */
    public String sessionId() {
        return sessionId;
    }

    /** The message's index, 0 to 2^32 - 1. */
    public long messageIndex() {
        return messageIndex;
    }

    /** libolm's "verified" flag (always true after a decrypt). */
    public boolean isVerified() {
        return verified;
    }

    /**
     * True if the session came from an unsigned export (a forwarded key, a
     * backup): the plaintext is only as authentic as whoever gave the export.
     */
    public boolean isImported() {
        return imported;
    }

    /**
     * What the session's replay record says of this message:
     * {@link ReplayVerdict#OFF} while the session keeps none
     * ({@link InboundGroupSession#setReplayDetection(boolean)}).
     */
    public ReplayVerdict replay() {
        return replay;
    }
}
