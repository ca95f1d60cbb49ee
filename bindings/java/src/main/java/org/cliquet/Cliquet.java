/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * The library as a whole. Loading is automatic: the first use of any class
 * loads {@code libcliquet_jni} (from {@code java.library.path}, or the file
 * named by the system property {@code org.cliquet.jni.library}) and runs
 * {@code cliquet_init()}.
 */
public final class Cliquet {
    private Cliquet() {
    }

    /** The C library's version, e.g. "1.0.0". */
    public static String version() {
        Native.load();
        return Native.version();
    }

    /**
     * True when AES runs on the CPU's AES instructions, false for cliquet's
     * portable constant-time implementation (cliquet_aes_implementation).
     */
    public static boolean aesHardware() {
        Native.load();
        return Native.aesHardware();
    }

    /**
     * Frees now the C objects of every unclosed object the collector has found
     * unreachable (they are otherwise freed when the next object is made).
     * Returns how many it freed.
     */
    public static int reclaim() {
        Native.load();
        return NativeObject.drainQueue();
    }
}
