/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * How one inbound group session relates to another
 * (cliquet_session_ordering; vodozemac's SessionOrdering), as
 * {@link InboundGroupSession#compare} answers it. Two sessions are
 * connected when they are copies of one sender's session: the same session
 * id, the same config, and the earlier one's ratchet advanced to the later
 * one's first known index is the later one's.
 */
public enum SessionOrdering {
    /** Connected, with the same first known index. */
    EQUAL(0),
    /** Connected, and this session starts earlier than the other: keep this one. */
    BETTER(1),
    /** Connected, and this session starts later than the other. */
    WORSE(2),
    /** Not the same session (another sender, another config, or a forgery). */
    UNCONNECTED(3);

    private final int code;

    SessionOrdering(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    static SessionOrdering of(int code) {
        for (SessionOrdering o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        throw new IllegalStateException("unknown session ordering " + code);
    }
}
