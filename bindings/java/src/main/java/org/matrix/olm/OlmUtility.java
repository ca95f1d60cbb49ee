/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import org.cliquet.CliquetException;
import org.cliquet.PkSigning;
import org.cliquet.Utility;
import org.json.JSONObject;

/** libolm's OlmUtility over org.cliquet.Utility. */
public class OlmUtility {
    /** The length of {@link #getRandomKey()}. */
    public static final int RANDOM_KEY_SIZE = 32;

    private boolean mReleased;

    public OlmUtility() throws OlmException {
        try {
            org.cliquet.Cliquet.version();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_UTILITY_CREATION, e);
        }
    }

    public void releaseUtility() {
        mReleased = true;
    }

    public boolean isReleased() {
        return mReleased;
    }

    /**
     * Verifies an Ed25519 signature of aMessage's UTF-8 bytes. Throws with
     * libolm's message: "BAD_MESSAGE_MAC" for a wrong signature,
     * "INVALID_BASE64" for a malformed key or signature.
     */
    public void verifyEd25519Signature(String aSignature, String aFingerprintKey, String aMessage) throws OlmException {
        if (OlmSession.isEmpty(aSignature) || OlmSession.isEmpty(aFingerprintKey) || OlmSession.isEmpty(aMessage)) {
            throw new OlmException(OlmException.EXCEPTION_CODE_UTILITY_VERIFY_SIGNATURE,
                    "JAVA sanity check failure - invalid input parameters");
        }
        byte[] message = CommonSerializeUtils.bytes(aMessage);
        try {
            Utility.verifyEd25519(aFingerprintKey, message, aSignature);
        } catch (CliquetException e) {
            /* libolm's olm_ed25519_verify reports a wrong signature as a bad MAC. */
            String name = e.status() == CliquetException.Status.BAD_SIGNATURE ? "BAD_MESSAGE_MAC"
                    : Errors.libolmName(e.status());
            throw new OlmException(OlmException.EXCEPTION_CODE_UTILITY_VERIFY_SIGNATURE, name);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    /** SHA-256 of aMessageToHash's UTF-8 bytes, unpadded base64; null for null (libolm's rule). */
    public String sha256(String aMessageToHash) {
        if (null == aMessageToHash) {
            return null;
        }
        byte[] message = CommonSerializeUtils.bytes(aMessageToHash);
        try {
            return Utility.sha256(message);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    /**
     * 32 random bytes below 0x80 (so they survive as a String, as libolm's SDK
     * needs for serialisation), drawn by cliquet, not by Java.
     */
    public static byte[] getRandomKey() {
        /* cliquet.h has no plain random-bytes call: a fresh signing seed is 32
         * bytes from the same generator. */
        PkSigning s = new PkSigning();
        byte[] buffer;
        try {
            buffer = s.seed();
        } finally {
            s.close();
        }
        for (int i = 0; i < RANDOM_KEY_SIZE; i++) {
            buffer[i] = (byte) (buffer[i] & 0x7F);
        }
        return buffer;
    }

    /** A JSON object's string members as a map; null for null (libolm's helper). */
    public static Map<String, String> toStringMap(JSONObject jsonObject) {
        if (null == jsonObject) {
            return null;
        }
        HashMap<String, String> map = new HashMap<String, String>();
        Iterator<String> keys = jsonObject.keys();
        while (keys.hasNext()) {
            String key = keys.next();
            Object value = jsonObject.opt(key);
            if (value instanceof String) {
                map.put(key, (String) value);
            }
        }
        return map;
    }

    /** A JSON object's object members as maps of strings; null for null (libolm's helper). */
    public static Map<String, Map<String, String>> toStringMapMap(JSONObject jsonObject) {
        if (null == jsonObject) {
            return null;
        }
        HashMap<String, Map<String, String>> map = new HashMap<String, Map<String, String>>();
        Iterator<String> keys = jsonObject.keys();
        while (keys.hasNext()) {
            String key = keys.next();
            Object value = jsonObject.opt(key);
            if (value instanceof JSONObject) {
                map.put(key, toStringMap((JSONObject) value));
            }
        }
        return map;
    }
}
