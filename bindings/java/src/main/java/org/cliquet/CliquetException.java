/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * A cliquet call failed: the C library's status, by name and number.
 *
 * <p>Unchecked, as most Java crypto libraries written for Kotlin and lambdas
 * are: every call can fail (out of memory, not initialised), so a checked
 * type would be declared everywhere and caught nowhere useful, and Kotlin,
 * Android's main language, ignores checked exceptions anyway. The failures an
 * application must handle are the decrypt and import ones; their statuses are
 * listed on each method and are values of {@link Status}.
 *
 * <p>A failed call changed nothing (cliquet's rule): the object that threw is
 * exactly as it was before the call.
 *
 * <p>Thrown only by the C glue, built in one place
 * ({@code cqj_throw_status} in bindings/java/jni/common.c). Misuse found in
 * Java is reported with Java's own types: {@link NullPointerException} for a
 * null argument, {@link IllegalArgumentException} for an out-of-range number,
 * {@link IllegalStateException} for a closed object.
 */
public final class CliquetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String name;

    /** Made by the C glue: the status number and its cliquet_strerror name. */
    CliquetException(int code, String name) {
        super(name + " (" + code + ")");
        this.code = code;
        this.name = name;
    }

    /** The C status number, e.g. 42 (stable: part of cliquet's ABI). */
    public int code() {
        return code;
    }

    /** The C status name, e.g. {@code "CLIQUET_ERR_BAD_MESSAGE_MAC"}. */
    public String statusName() {
        return name;
    }

    /** The status as an enum constant, {@link Status#UNKNOWN} for a code this binding does not know. */
    public Status status() {
        return Status.of(code);
    }

    /**
     * cliquet's statuses (include/cliquet.h). The numbers are the ABI's; a test
     * checks that every name here is the one the C library gives its number.
     */
    public enum Status {
        NOT_INITIALISED(1), INIT_FAILED(2), INVALID_ARGUMENT(3), OUTPUT_TOO_SMALL(4),
        INPUT_TOO_LARGE(5), NO_MEMORY(6), UNSUPPORTED(7),
        BAD_BASE64(20), BAD_KEY_LENGTH(21), BAD_KEY(22),
        BAD_CIPHERTEXT_LENGTH(30), BAD_PADDING(31), ZERO_SHARED_SECRET(32), BAD_SIGNATURE(33),
        BAD_MESSAGE_VERSION(40), BAD_MESSAGE_FORMAT(41), BAD_MESSAGE_MAC(42),
        BAD_MESSAGE_KEY_ID(43), MESSAGE_GAP_TOO_LARGE(44), DUPLICATE_MESSAGE(45),
        UNKNOWN_MESSAGE_INDEX(46), BAD_SESSION_KEY(47), WRONG_SESSION(48),
        BAD_MESSAGE_TYPE(49),
        NO_FALLBACK_KEY(60), TOO_MANY_KEYS(61),
        PICKLE_BAD_KEY(70), PICKLE_WRONG_TYPE(71), PICKLE_UNKNOWN_VERSION(72),
        PICKLE_CORRUPTED(73), PICKLE_LOSSY(74), PICKLE_LEGACY_ACCOUNT(75), PICKLE_EXTRA_DATA(76),
        SAS_NO_THEIR_KEY(80),
        ECIES_NOT_ESTABLISHED(90), ECIES_ALREADY_ESTABLISHED(91), MESSAGE_OUT_OF_ORDER(92),
        UNCONNECTED_SESSIONS(93), MESSAGE_INDEX_REUSED(94),
        ACCOUNT_NO_SEED(100), BAD_NONCE_LENGTH(101),
        /** A code newer than this binding. */
        UNKNOWN(-1);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        /** The C status number. */
        public int code() {
            return code;
        }

        /** The C name: "CLIQUET_ERR_" and the constant's name. */
        public String cName() {
            return "CLIQUET_ERR_" + name();
        }

        static Status of(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }
}
