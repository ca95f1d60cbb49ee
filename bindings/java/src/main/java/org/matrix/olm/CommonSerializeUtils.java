/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UnsupportedEncodingException;
import java.util.function.BiFunction;
import java.util.function.Function;

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

    /**
     * Every object's serialize(byte[], StringBuffer), as libolm's SDK defines
     * it: the libolm pickle under aKey, or null with the reason in aErrorMsg
     * (and null without a reason when aErrorMsg itself is null).
     */
    static byte[] pickleOrReport(byte[] aKey, StringBuffer aErrorMsg, Function<byte[], String> pickler) {
        if (null == aErrorMsg) {
            return null;
        }
        if (null == aKey) {
            aErrorMsg.append("Invalid input parameters in serialize()");
            return null;
        }
        aErrorMsg.setLength(0);
        try {
            return bytes(pickler.apply(aKey));
        } catch (RuntimeException e) {
            aErrorMsg.append(Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_SERIALIZATION, e).getMessage());
            return null;
        }
    }

    /**
     * Every object's deserialize(byte[], byte[]): the object in a libolm
     * pickle, or an OlmException carrying the status. The caller has released
     * the object it held: libolm's SDK leaves it released whatever happens.
     */
    static <T> T unpickleOrThrow(byte[] aSerializedData, byte[] aKey, BiFunction<byte[], String, T> unpickler)
            throws OlmException {
        if (null == aSerializedData || null == aKey) {
            throw new OlmException(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, "invalid input parameters");
        }
        try {
            return unpickler.apply(aKey, ascii(aSerializedData));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, e);
        }
    }

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
