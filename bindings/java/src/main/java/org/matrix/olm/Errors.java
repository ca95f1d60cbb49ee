/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import org.cliquet.CliquetException;

/**
 * The one place where the Java binding's failures become OlmException: the
 * operation's code, and libolm's error name for cliquet's status (the same
 * table as bindings/libolm's shim_code, so both drop-ins say the same).
 */
final class Errors {
    private Errors() {
    }

    /** An OlmException with code for a failure of the binding. */
    static OlmException wrap(int code, RuntimeException e) {
        if (e instanceof CliquetException) {
            return new OlmException(code, libolmName(((CliquetException) e).status()));
        }
        return new OlmException(code, String.valueOf(e.getMessage()));
    }

    /** libolm's name (olm_*_last_error) for what cliquet reports as st. */
    static String libolmName(CliquetException.Status st) {
        switch (st) {
        case OUTPUT_TOO_SMALL:
        case NO_MEMORY:
            return "OUTPUT_BUFFER_TOO_SMALL";
        case BAD_BASE64:
        case BAD_KEY_LENGTH:
        case BAD_NONCE_LENGTH:
            return "INVALID_BASE64";
        case BAD_MESSAGE_VERSION:
            return "BAD_MESSAGE_VERSION";
        case BAD_MESSAGE_FORMAT:
        case INPUT_TOO_LARGE:
        case BAD_MESSAGE_TYPE:
            return "BAD_MESSAGE_FORMAT";
        case BAD_MESSAGE_MAC:
        case BAD_CIPHERTEXT_LENGTH:
        case BAD_PADDING:
        case DUPLICATE_MESSAGE:
        case MESSAGE_GAP_TOO_LARGE:
            return "BAD_MESSAGE_MAC";
        case BAD_MESSAGE_KEY_ID:
        case WRONG_SESSION:
        case BAD_KEY:
        case ZERO_SHARED_SECRET:
        case NO_FALLBACK_KEY:
        case TOO_MANY_KEYS:
            return "BAD_MESSAGE_KEY_ID";
        case UNKNOWN_MESSAGE_INDEX:
            return "UNKNOWN_MESSAGE_INDEX";
        case BAD_SESSION_KEY:
            return "BAD_SESSION_KEY";
        case BAD_SIGNATURE:
            return "BAD_SIGNATURE";
        case PICKLE_BAD_KEY:
        case PICKLE_WRONG_TYPE:
            return "BAD_ACCOUNT_KEY";
        case PICKLE_UNKNOWN_VERSION:
            return "UNKNOWN_PICKLE_VERSION";
        case PICKLE_CORRUPTED:
        case PICKLE_LOSSY:
            return "CORRUPTED_PICKLE";
        case PICKLE_LEGACY_ACCOUNT:
        case ACCOUNT_NO_SEED:
            return "BAD_LEGACY_ACCOUNT_PICKLE";
        case PICKLE_EXTRA_DATA:
            return "PICKLE_EXTRA_DATA";
        case SAS_NO_THEIR_KEY:
            return "OLM_SAS_THEIR_KEY_NOT_SET";
        case INVALID_ARGUMENT:
            return "OLM_INPUT_BUFFER_TOO_SMALL";
        case NOT_INITIALISED:
        case INIT_FAILED:
        case UNSUPPORTED:
            return "NOT_ENOUGH_RANDOM";
        default:
            return "UNKNOWN_ERROR";
        }
    }
}
