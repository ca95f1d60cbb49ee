/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

import org.cliquet.OutboundGroupSession;

/** libolm's OlmOutboundGroupSession over org.cliquet.OutboundGroupSession. */
public class OlmOutboundGroupSession extends CommonSerializeUtils implements Serializable {
    private static final long serialVersionUID = -3133097431283604416L;

    private transient OutboundGroupSession mSession;

    public OlmOutboundGroupSession() throws OlmException {
        try {
            mSession = new OutboundGroupSession();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_CREATE_OUTBOUND_GROUP_SESSION, e);
        }
    }

    private OutboundGroupSession session() {
        if (mSession == null) {
            throw new IllegalStateException("OlmOutboundGroupSession is released");
        }
        return mSession;
    }

    public void releaseSession() {
        if (mSession != null) {
            mSession.close();
        }
        mSession = null;
    }

    public boolean isReleased() {
        return mSession == null;
    }

    public String sessionIdentifier() throws OlmException {
        try {
            return session().sessionId();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_OUTBOUND_GROUP_SESSION_IDENTIFIER, e);
        }
    }

    /**
     * The next message's index (an int, as in libolm's SDK: indices past
     * 2^31 - 1 read negative there too). A released session answers 0, as
     * libolm's SDK did, since this method declares no exception.
     */
    public int messageIndex() {
        try {
            return (int) session().messageIndex();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    public String sessionKey() throws OlmException {
        try {
            return session().sessionKey();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_OUTBOUND_GROUP_SESSION_KEY, e);
        }
    }

    /** Encrypts aClearMsg's UTF-8 bytes; null for a null or empty message (libolm's rule). */
    public String encryptMessage(String aClearMsg) throws OlmException {
        if (OlmSession.isEmpty(aClearMsg)) {
            return null;
        }
        byte[] clear = bytes(aClearMsg);
        try {
            return session().encrypt(clear);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_OUTBOUND_GROUP_ENCRYPT_MESSAGE, e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private void writeObject(ObjectOutputStream aOutStream) throws IOException {
        serialize(aOutStream);
    }

    private void readObject(ObjectInputStream aInStream) throws Exception {
        deserialize(aInStream);
    }

    @Override
    protected byte[] serialize(byte[] aKey, StringBuffer aErrorMsg) {
        return pickleOrReport(aKey, aErrorMsg, key -> session().pickleLibolm(key));
    }

    @Override
    protected void deserialize(byte[] aSerializedData, byte[] aKey) throws Exception {
        releaseSession();
        mSession = unpickleOrThrow(aSerializedData, aKey, OutboundGroupSession::unpickleLibolm);
    }

    public byte[] pickle(byte[] aKey, StringBuffer aErrorMsg) {
        return serialize(aKey, aErrorMsg);
    }

    public void unpickle(byte[] aSerializedData, byte[] aKey) throws Exception {
        deserialize(aSerializedData, aKey);
    }
}
