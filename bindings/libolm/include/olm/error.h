/*
 * bindings/libolm: libolm 3.2's error codes (the numbers are its ABI).
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef OLM_ERROR_H_
#define OLM_ERROR_H_

#include "olm/olm_export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum OlmErrorCode {
    OLM_SUCCESS = 0,
    OLM_NOT_ENOUGH_RANDOM = 1,         /* fewer random bytes than asked for */
    OLM_OUTPUT_BUFFER_TOO_SMALL = 2,
    OLM_BAD_MESSAGE_VERSION = 3,
    OLM_BAD_MESSAGE_FORMAT = 4,
    OLM_BAD_MESSAGE_MAC = 5,           /* also: a message decrypted before */
    OLM_BAD_MESSAGE_KEY_ID = 6,        /* a one-time key we do not hold */
    OLM_INVALID_BASE64 = 7,
    OLM_BAD_ACCOUNT_KEY = 8,           /* a wrong pickle key */
    OLM_UNKNOWN_PICKLE_VERSION = 9,
    OLM_CORRUPTED_PICKLE = 10,
    OLM_BAD_SESSION_KEY = 11,          /* a malformed Megolm session key */
    OLM_UNKNOWN_MESSAGE_INDEX = 12,    /* before the first known index */
    OLM_BAD_LEGACY_ACCOUNT_PICKLE = 13, /* an account pickle of version 1 */
    OLM_BAD_SIGNATURE = 14,
    OLM_INPUT_BUFFER_TOO_SMALL = 15,
    OLM_SAS_THEIR_KEY_NOT_SET = 16,
    OLM_PICKLE_EXTRA_DATA = 17,
};

/* The name of a code ("BAD_MESSAGE_MAC"); "UNKNOWN_ERROR" for other values. */
OLM_EXPORT const char *_olm_error_to_string(enum OlmErrorCode error); /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): libolm's ABI names it so */

#ifdef __cplusplus
}
#endif

#endif /* OLM_ERROR_H_ */
