/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.util.Arrays;

import org.cliquet.PkSigning;

/** libolm's OlmPkSigning over org.cliquet.PkSigning, made by {@link #initWithSeed(byte[])}. */
public class OlmPkSigning {
    private PkSigning mSigning;
    private boolean mReleased;

    public OlmPkSigning() throws OlmException {
        org.cliquet.Cliquet.version();
    }

    public void releaseSigning() {
        if (mSigning != null) {
            mSigning.close();
        }
        mSigning = null;
        mReleased = true;
    }

    public boolean isReleased() {
        return mReleased;
    }

    /** The seed's length in bytes, 32. */
    public static int seedLength() {
        return 32;
    }

    /** A fresh random seed drawn by cliquet (a secret: wipe it when done). */
    public static byte[] generateSeed() throws OlmException {
        try {
            return generateSeedJni();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_SIGNING_GENERATE_SEED, e);
        }
    }

    /** As {@link #generateSeed()}, unchecked (public in libolm's SDK, so kept). */
    public static byte[] generateSeedJni() {
        PkSigning s = new PkSigning();
        try {
            return s.seed();
        } finally {
            s.close();
        }
    }

    /** Takes a 32-byte seed (the caller may wipe it); returns the public key. */
    public String initWithSeed(byte[] seed) throws OlmException {
        try {
            return CommonSerializeUtils.ascii(setKeyFromSeedJni(seed));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_SIGNING_INIT_WITH_SEED, e);
        }
    }

    /** As {@link #initWithSeed(byte[])}, unchecked, the key's UTF-8 bytes (public in libolm's SDK). */
    public byte[] setKeyFromSeedJni(byte[] seed) {
        if (mReleased) {
            throw new IllegalStateException("OlmPkSigning is released");
        }
        if (seed == null) {
            throw new IllegalArgumentException("invalid input parameters");
        }
        PkSigning s = PkSigning.fromSeed(seed);
        if (mSigning != null) {
            mSigning.close();
        }
        mSigning = s;
        return CommonSerializeUtils.bytes(s.publicKey());
    }

    /** The Ed25519 signature of aMessage's UTF-8 bytes; null for a null message (libolm's rule). */
    public String sign(String aMessage) throws OlmException {
        if (null == aMessage) {
            return null;
        }
        byte[] m = CommonSerializeUtils.bytes(aMessage);
        try {
            if (mSigning == null) {
                throw new IllegalStateException(mReleased ? "OlmPkSigning is released" : "no key: call initWithSeed");
            }
            return mSigning.sign(m);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_PK_SIGNING_SIGN, e);
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }
}
