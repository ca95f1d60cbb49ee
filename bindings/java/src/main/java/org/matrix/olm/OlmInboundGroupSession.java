/*
 * cliquet: libolm's Android SDK (org.matrix.olm) over the Java binding.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.cliquet.InboundGroupSession;
import org.cliquet.MegolmDecrypted;

/** libolm's OlmInboundGroupSession over org.cliquet.InboundGroupSession. */
public class OlmInboundGroupSession extends CommonSerializeUtils implements Serializable {
    private static final long serialVersionUID = -772028491251653253L;

    private transient InboundGroupSession mSession;

    /** libolm's decrypt result: public fields. */
    public static class DecryptMessageResult {
        /** The plaintext as UTF-8 text. */
        public String mDecryptedMessage;
        /** The message's index. */
        public long mIndex;
    }

    /** From a signed session key (m.room_key). */
    public OlmInboundGroupSession(String aSessionKey) throws OlmException {
        this(aSessionKey, false);
    }

    private OlmInboundGroupSession(String aSessionKey, boolean isImported) throws OlmException {
        if (OlmSession.isEmpty(aSessionKey)) {
            throw new OlmException(OlmException.EXCEPTION_CODE_INIT_INBOUND_GROUP_SESSION, "invalid session key");
        }
        try {
            mSession = isImported ? InboundGroupSession.importSession(aSessionKey)
                    : new InboundGroupSession(aSessionKey);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INIT_INBOUND_GROUP_SESSION, e);
        }
    }

    /** From an export (unsigned): unverified until a message decrypts. */
    public static OlmInboundGroupSession importSession(String exported) throws OlmException {
        return new OlmInboundGroupSession(exported, true);
    }

    private InboundGroupSession session() {
        if (mSession == null) {
            throw new IllegalStateException("OlmInboundGroupSession is released");
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
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_IDENTIFIER, e);
        }
    }

    public long getFirstKnownIndex() throws OlmException {
        try {
            return session().firstKnownIndex();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_FIRST_KNOWN_INDEX, e);
        }
    }

    public boolean isVerified() throws OlmException {
        try {
            return session().isVerified();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_IS_VERIFIED, e);
        }
    }

    public String export(long messageIndex) throws OlmException {
        try {
            return session().export(messageIndex);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_EXPORT, e);
        }
    }

    public DecryptMessageResult decryptMessage(String aEncryptedMsg) throws OlmException {
        try {
            if (aEncryptedMsg == null) {
                throw new IllegalArgumentException("invalid input parameters");
            }
            MegolmDecrypted d = session().decrypt(aEncryptedMsg);
            DecryptMessageResult result = new DecryptMessageResult();
            result.mDecryptedMessage = d.text();
            result.mIndex = d.messageIndex();
            d.destroy();
            return result;
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_DECRYPT_SESSION, e);
        }
    }

    private void writeObject(ObjectOutputStream aOutStream) throws IOException {
        serialize(aOutStream);
    }

    private void readObject(ObjectInputStream aInStream) throws Exception {
        deserialize(aInStream);
    }

    /**
     * libolm's pickle. An imported session that has decrypted since loses its
     * "imported" mark here, as libolm's format cannot hold it (libolm's SDK
     * never had it).
     */
    @Override
    protected byte[] serialize(byte[] aKey, StringBuffer aErrorMsg) {
        return pickleOrReport(aKey, aErrorMsg, key -> session().pickleLibolmLossy(key));
    }

    @Override
    protected void deserialize(byte[] aSerializedData, byte[] aKey) throws Exception {
        releaseSession();
        mSession = unpickleOrThrow(aSerializedData, aKey, InboundGroupSession::unpickleLibolm);
    }

    public byte[] pickle(byte[] aKey, StringBuffer aErrorMsg) {
        return serialize(aKey, aErrorMsg);
    }

    public void unpickle(byte[] aSerializedData, byte[] aKey) throws Exception {
        deserialize(aSerializedData, aKey);
    }
}
