/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

/** An Olm message as libolm's SDK carries it: public fields, type and ciphertext. */
public class OlmMessage {
    public final static int MESSAGE_TYPE_PRE_KEY = 0;
    public final static int MESSAGE_TYPE_MESSAGE = 1;

    /** The base64 ciphertext. */
    public String mCipherText;

    /** {@link #MESSAGE_TYPE_PRE_KEY} or {@link #MESSAGE_TYPE_MESSAGE}. */
    public long mType;
}
