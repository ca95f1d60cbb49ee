/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

/** A legacy key-backup ciphertext, as libolm's SDK carries it. */
public class OlmPkMessage {
    public String mCipherText;
    public String mMac;
    public String mEphemeralKey;
}
