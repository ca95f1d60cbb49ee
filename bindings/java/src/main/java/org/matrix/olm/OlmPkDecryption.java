/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.io.UnsupportedEncodingException;
import java.util.Arrays;

import org.cliquet.PkDecryption;
import org.cliquet.PkMessage;

/**
 * libolm's OlmPkDecryption over org.cliquet.PkDecryption, which is made by
 * {@link #generateKey()} or {@link #setPrivateKey(byte[])}. A successful
 * decrypt does not prove who wrote the backup (the scheme is
 * unauthenticated).
 */
public class OlmPkDecryption {
    private PkDecryption mDecryption;
    private boolean mReleased;

    public OlmPkDecryption() throws OlmException {
        org.cliquet.Cliquet.version();
    }

    public void releaseDecryption() {
        if (mDecryption != null) {
            mDecryption.close();
        }
        mDecryption = null;
        mReleased = true;
    }

    public boolean isReleased() {
        return mReleased;
    }

    /** The private key's length in bytes, 32. */
    public static int privateKeyLength() {
        return 32;
    }

    private PkDecryption decryption() {
        if (mReleased) {
            throw new IllegalStateException("OlmPkDecryption is released");
        }
        if (mDecryption == null) {
            throw new IllegalStateException("no key: call generateKey or setPrivateKey");
        }
        return mDecryption;
    }

    private String use(PkDecryption d) {
        if (mReleased) {
            d.close();
            throw new IllegalStateException("OlmPkDecryption is released");
        }
        if (mDecryption != null) {
            mDecryption.close();
        }
        mDecryption = d;
        return d.publicKey();
    }

    /** Takes a 32-byte private key (the caller may wipe it); returns the public key. */
    public String setPrivateKey(byte[] privateKey) throws OlmException {
        try {
            if (privateKey == null) {
                throw new IllegalArgumentException("invalid input parameters");
            }
            return use(PkDecryption.fromPrivateKey(privateKey));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_DECRYPTION_SET_PRIVATE_KEY, e);
        }
    }

    /** A fresh random key (drawn by cliquet); returns the public key. */
    public String generateKey() throws OlmException {
        try {
            return use(new PkDecryption());
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_DECRYPTION_GENERATE_KEY, e);
        }
    }

    /** The private key, a secret: wipe the array when done. */
    public byte[] privateKey() throws OlmException {
        try {
            return decryption().privateKey();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_DECRYPTION_PRIVATE_KEY, e);
        }
    }

    /** Decrypts to UTF-8 text; null for a null message (libolm's rule). */
    public String decrypt(OlmPkMessage aMessage) throws OlmException {
        if (null == aMessage) {
            return null;
        }
        byte[] plain = null;
        try {
            if (aMessage.mCipherText == null || aMessage.mMac == null || aMessage.mEphemeralKey == null) {
                throw new IllegalArgumentException("invalid input parameters");
            }
            plain = decryption().decrypt(new PkMessage(aMessage.mCipherText, aMessage.mMac, aMessage.mEphemeralKey));
            return new String(plain, "UTF-8");
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_DECRYPTION_DECRYPT, e);
        } catch (UnsupportedEncodingException e) {
            throw new OlmException(OlmException.EXCEPTION_CODE_PK_DECRYPTION_DECRYPT, e.getMessage());
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
