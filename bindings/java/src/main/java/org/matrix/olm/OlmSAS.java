/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import org.cliquet.Sas;

/** libolm's OlmSAS over org.cliquet.Sas. */
public class OlmSAS {
    private Sas mSas;
    private String theirPublicKey = null;

    public OlmSAS() throws OlmException {
        try {
            mSas = new Sas();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_CREATION, e);
        }
    }

    private Sas sas() {
        if (mSas == null) {
            throw new IllegalStateException("OlmSAS is released");
        }
        return mSas;
    }

    /** Our ephemeral public key (base64). */
    public String getPublicKey() throws OlmException {
        try {
            return sas().publicKey();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_ERROR, e);
        }
    }

    /** Sets the other side's key (a refused key throws; libolm's SDK let it escape unchecked). */
    public void setTheirPublicKey(String otherPkey) throws OlmException {
        try {
            if (otherPkey == null) {
                throw new IllegalArgumentException("invalid input parameters");
            }
            sas().setTheirPublicKey(otherPkey);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_ERROR, e);
        }
        this.theirPublicKey = otherPkey;
    }

    /** byteNumber SAS bytes for info. */
    public byte[] generateShortCode(String info, int byteNumber) throws OlmException {
        if (theirPublicKey == null || theirPublicKey.isEmpty()) {
            throw new OlmException(OlmException.EXCEPTION_CODE_SAS_MISSING_THEIR_PKEY, "call setTheirPublicKey first");
        }
        try {
            return sas().generateBytes(CommonSerializeUtils.bytes(info), byteNumber);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_GENERATE_SHORT_CODE, e);
        }
    }

    /** LEGACY "hkdf-hmac-sha256" (libolm's olm_sas_calculate_mac, broken base64). */
    public String calculateMac(String message, String info) throws OlmException {
        try {
            return sas().calculateMacLegacyBase64(CommonSerializeUtils.bytes(message), CommonSerializeUtils.bytes(info));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_ERROR, e);
        }
    }

    /** "hkdf-hmac-sha256.v2": use this one. */
    public String calculateMacFixedBase64(String message, String info) throws OlmException {
        try {
            return sas().calculateMac(CommonSerializeUtils.bytes(message), CommonSerializeUtils.bytes(info));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_ERROR, e);
        }
    }

    /** LEGACY: an old Riot's MAC. */
    public String calculateMacLongKdf(String message, String info) throws OlmException {
        try {
            return sas().calculateMacLongKdf(CommonSerializeUtils.bytes(message), CommonSerializeUtils.bytes(info));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SAS_ERROR, e);
        }
    }

    public void releaseSas() {
        if (mSas != null) {
            mSas.close();
        }
        mSas = null;
    }
}
