/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import java.nio.charset.Charset;
import java.util.Arrays;

import javax.security.auth.Destroyable;

/**
 * A decrypted plaintext, held in an array of its own that {@link #destroy()}
 * (or {@link #close()}, for try-with-resources) wipes. Immutable otherwise:
 * {@link #bytes()} gives copies.
 */
public abstract class Plaintext implements Destroyable, AutoCloseable {
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private final byte[] plaintext;
    private volatile boolean destroyed;

    Plaintext(byte[] plaintext) {
        this.plaintext = plaintext;
    }

    /** A copy of the plaintext: the caller's to wipe. */
    public final synchronized byte[] bytes() {
        checkLive();
        return plaintext.clone();
    }

    /** The plaintext as UTF-8 text (Java Strings cannot be wiped). */
    public final synchronized String text() {
        checkLive();
        return new String(plaintext, UTF_8);
    }

    /** The plaintext's length in bytes. */
    public final int length() {
        return plaintext.length;
    }

    /** Wipes the plaintext; {@link #bytes()} and {@link #text()} then throw. */
    @Override
    public final synchronized void destroy() {
        Arrays.fill(plaintext, (byte) 0);
        destroyed = true;
    }

    /** As {@link #destroy()}. */
    @Override
    public final void close() {
        destroy();
    }

    @Override
    public final boolean isDestroyed() {
        return destroyed;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("plaintext destroyed");
        }
    }
}
