/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * An Olm message as m.olm.v1 carries it: a type and base64 text. Immutable.
 */
public final class OlmMessage {
    /** A pre-key message: the first messages of a session, until the peer answers. */
    public static final int PRE_KEY = 0;
    /** A normal message. */
    public static final int NORMAL = 1;

    private final int type;
    private final String body;

    /**
     * A message received: {@code type} as the event's "type" field, {@code body}
     * its "body". Any type is accepted here; decrypting refuses a type that is
     * neither 0 nor 1 with {@link CliquetException.Status#BAD_MESSAGE_TYPE}.
     */
    public OlmMessage(int type, String body) {
        if (body == null) {
            throw new NullPointerException("body");
        }
        this.type = type;
        this.body = body;
    }

    /** {@link #PRE_KEY} or {@link #NORMAL}. */
    public int type() {
        return type;
    }

    /** The base64 text. */
    public String body() {
        return body;
    }

    /** True for a pre-key message. */
    public boolean isPreKey() {
        return type == PRE_KEY;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OlmMessage)) {
            return false;
        }
        OlmMessage m = (OlmMessage) o;
        return m.type == type && m.body.equals(body);
    }

    @Override
    public int hashCode() {
        return 31 * type + body.hashCode();
    }

    @Override
    public String toString() {
        return "OlmMessage(type=" + type + ", " + body.length() + " characters)";
    }
}
