/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * What an inbound group session's replay record says of a message it has
 * just decrypted (cliquet_megolm_replay; {@link MegolmDecrypted#replay()}).
 * Another message at an index already recorded is not a verdict but a
 * failure: {@link CliquetException.Status#MESSAGE_INDEX_REUSED}.
 */
public enum ReplayVerdict {
    /** The session keeps no record ({@link InboundGroupSession#setReplayDetection}). */
    OFF(0),
    /** First seen: recorded now. */
    FIRST_TIME(1),
    /**
     * This very message again: a harmless duplicate, as long as the app shows
     * it as the event it first came with.
     */
    SAME_MESSAGE(2),
    /** Older than every index a full record holds: cannot tell (not recorded). */
    UNTRACKED(3);

    private final int code;

    ReplayVerdict(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    static ReplayVerdict of(int code) {
        for (ReplayVerdict v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalStateException("unknown replay verdict " + code);
    }
}
