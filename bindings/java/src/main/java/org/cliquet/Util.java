/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/** Argument checks shared by the public classes. */
final class Util {
    private Util() {
    }

    static void notNull(Object o, String name) {
        if (o == null) {
            throw new NullPointerException(name + " must not be null");
        }
    }

    static void notNegative(long n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + n);
        }
    }

    static void uint32(long n, String name) {
        if (n < 0 || n > 0xffffffffL) {
            throw new IllegalArgumentException(name + " must be in 0 .. 2^32 - 1: " + n);
        }
    }
}
