/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * The message format a session speaks (cliquet_session_config; vodozemac's
 * olm::SessionConfig and megolm::SessionConfig; docs/session-config.md).
 *
 * <p>A session's config is chosen when it is made and never changes; both
 * ends must choose the same, since a session key or export does not carry
 * it. A message of the other config is refused with
 * {@link CliquetException.Status#BAD_MESSAGE_VERSION} and changes nothing.
 * The native pickle keeps the config; libolm's format cannot hold
 * {@link #V2} and refuses it with {@link CliquetException.Status#PICKLE_LOSSY}.
 */
public enum SessionConfig {
    /** What every libolm and vodozemac client speaks (8-byte MACs): the default. */
    V1(1),
    /**
     * The whole 32-byte MAC. EXPERIMENTAL: vodozemac builds it only with its
     * experimental-session-config feature and libolm never reads it; use it
     * only with peers known to speak it.
     */
    V2(2);

    private final int code;

    SessionConfig(int code) {
        this.code = code;
    }

    /** The C value (CLIQUET_SESSION_CONFIG_V1 = 1, _V2 = 2). */
    public int code() {
        return code;
    }

    /** The config of a C value; the glue answers only 1 or 2. */
    static SessionConfig of(int code) {
        for (SessionConfig c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalStateException("unknown session config " + code);
    }
}
