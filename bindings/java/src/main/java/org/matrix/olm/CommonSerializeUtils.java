/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UnsupportedEncodingException;

/**
 * Java serialisation of the SDK's objects, as libolm's SDK writes it: the
 * default fields (none), then two Strings, a fresh 32-character key and the
 * libolm-format pickle under it. So objects serialised by libolm's SDK read
 * here, and the other way round.
 */
abstract class CommonSerializeUtils {
    protected void serialize(ObjectOutputStream aOutStream) throws IOException {
        aOutStream.defaultWriteObject();
        byte[] key = OlmUtility.getRandomKey();
        StringBuffer errorMsg = new StringBuffer();
        byte[] pickledData = serialize(key, errorMsg);
        if (null == pickledData) {
            throw new OlmException(OlmException.EXCEPTION_CODE_ACCOUNT_SERIALIZATION, String.valueOf(errorMsg));
        }
        aOutStream.writeObject(new String(key, "UTF-8"));
        aOutStream.writeObject(new String(pickledData, "UTF-8"));
    }

    protected void deserialize(ObjectInputStream aInStream) throws Exception {
        aInStream.defaultReadObject();
        String keyAsString = (String) aInStream.readObject();
        String pickledDataAsString = (String) aInStream.readObject();
        try {
            deserialize(pickledDataAsString.getBytes("UTF-8"), keyAsString.getBytes("UTF-8"));
        } catch (OlmException e) {
            throw e;
        } catch (UnsupportedEncodingException e) {
            throw new OlmException(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, e.getMessage());
        }
    }

    protected abstract byte[] serialize(byte[] aKey, StringBuffer aErrorMsg);

    protected abstract void deserialize(byte[] aSerializedData, byte[] aKey) throws Exception;

    /** A pickle's text from the SDK's bytes (ASCII base64). */
    static String ascii(byte[] data) {
        try {
            return new String(data, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SDK's bytes of a pickle's text. */
    static byte[] bytes(String text) {
        try {
            return text.getBytes("UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
