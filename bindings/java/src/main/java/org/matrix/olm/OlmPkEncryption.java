/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.util.Arrays;

import org.cliquet.PkEncryption;
import org.cliquet.PkMessage;

/**
 * libolm's OlmPkEncryption (legacy key backup, unauthenticated) over
 * org.cliquet.PkEncryption, which is made when the recipient key is set.
 */
public class OlmPkEncryption {
    private PkEncryption mEncryption;
    private boolean mReleased;

    public OlmPkEncryption() throws OlmException {
        org.cliquet.Cliquet.version();
    }

    public void releaseEncryption() {
        if (mEncryption != null) {
            mEncryption.close();
        }
        mEncryption = null;
        mReleased = true;
    }

    public boolean isReleased() {
        return mReleased;
    }

    /** Sets the backup's public key (base64); a null key does nothing (libolm's rule). */
    public void setRecipientKey(String aKey) throws OlmException {
        if (null == aKey) {
            return;
        }
        if (mReleased) {
            throw new OlmException(OlmException.EXCEPTION_CODE_PK_ENCRYPTION_SET_RECIPIENT_KEY,
                    "OlmPkEncryption is released");
        }
        try {
            PkEncryption e = new PkEncryption(aKey);
            if (mEncryption != null) {
                mEncryption.close();
            }
            mEncryption = e;
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_ENCRYPTION_SET_RECIPIENT_KEY, e);
        }
    }

    /** Encrypts aPlaintext's UTF-8 bytes; null for a null plaintext (libolm's rule). */
    public OlmPkMessage encrypt(String aPlaintext) throws OlmException {
        if (null == aPlaintext) {
            return null;
        }
        byte[] plain = CommonSerializeUtils.bytes(aPlaintext);
        try {
            if (mEncryption == null) {
                throw new IllegalStateException(mReleased ? "OlmPkEncryption is released" : "no recipient key");
            }
            PkMessage m = mEncryption.encrypt(plain);
            OlmPkMessage r = new OlmPkMessage();
            r.mCipherText = m.ciphertext();
            r.mMac = m.mac();
            r.mEphemeralKey = m.ephemeralKey();
            return r;
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_ENCRYPTION_ENCRYPT, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
