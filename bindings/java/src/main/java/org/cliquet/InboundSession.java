/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * What {@link Account#newInboundSession} makes: the new session and the
 * first message's plaintext, which cannot be decrypted again.
 */
public final class InboundSession {
    private final Session session;
    private final OlmDecrypted decrypted;

    InboundSession(Session session, OlmDecrypted decrypted) {
        this.session = session;
        this.decrypted = decrypted;
    }

    /** The new session: the caller's to close. */
    public Session session() {
        return session;
    }

    /** The pre-key message's plaintext and what authenticated it. */
    public OlmDecrypted decrypted() {
        return decrypted;
    }
}
