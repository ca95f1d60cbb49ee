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

import org.cliquet.LibolmCompat;
import org.cliquet.Session;

/**
 * libolm's OlmSession over org.cliquet.Session: made empty, then initialised
 * as outbound or inbound.
 *
 * <p>libolm's inbound flow has two steps: initInboundSession, then
 * decryptMessage of the same pre-key message. cliquet decrypts a pre-key
 * message once, when it makes the session, so this class keeps that first
 * plaintext and gives it to the decryptMessage call for that same message,
 * once (as bindings/libolm does). The one-time key stays in the account until
 * {@link OlmAccount#removeOneTimeKeys}, as in libolm.
 */
public class OlmSession extends CommonSerializeUtils implements Serializable {
    private static final long serialVersionUID = -8975488639186976419L;

    private transient Session mSession;
    private transient boolean mReleased;
    /* The first pre-key message and its plaintext, until decryptMessage takes it. */
    private transient String mFirstMessage;
    private transient byte[] mFirstPlaintext;

    public OlmSession() throws OlmException {
        org.cliquet.Cliquet.version();
    }

    /** The binding's session; IllegalStateException when released or not initialised. */
    Session session() {
        if (mReleased) {
            throw new IllegalStateException("OlmSession is released");
        }
        if (mSession == null) {
            throw new IllegalStateException("OlmSession is not initialised");
        }
        return mSession;
    }

    public void releaseSession() {
        dropFirstMessage();
        if (mSession != null) {
            mSession.close();
        }
        mSession = null;
        mReleased = true;
    }

    public boolean isReleased() {
        return mReleased;
    }

    private void dropFirstMessage() {
        if (mFirstPlaintext != null) {
            Arrays.fill(mFirstPlaintext, (byte) 0);
        }
        mFirstPlaintext = null;
        mFirstMessage = null;
    }

    private void replace(Session s) {
        dropFirstMessage();
        if (mSession != null) {
            mSession.close();
        }
        mSession = s;
        mReleased = false;
    }

    public void initOutboundSession(OlmAccount aAccount, String aTheirIdentityKey, String aTheirOneTimeKey) throws OlmException {
        if (null == aAccount || isEmpty(aTheirIdentityKey) || isEmpty(aTheirOneTimeKey)) {
            throw new OlmException(OlmException.EXCEPTION_CODE_SESSION_INIT_OUTBOUND_SESSION, "invalid input parameters");
        }
        try {
            replace(aAccount.account().newOutboundSession(aTheirIdentityKey, aTheirOneTimeKey));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SESSION_INIT_OUTBOUND_SESSION, e);
        }
    }

    public void initInboundSession(OlmAccount aAccount, String aPreKeyMsg) throws OlmException {
        if (null == aAccount || isEmpty(aPreKeyMsg)) {
            throw new OlmException(OlmException.EXCEPTION_CODE_SESSION_INIT_INBOUND_SESSION, "invalid input parameters");
        }
        initInbound(aAccount, null, aPreKeyMsg, OlmException.EXCEPTION_CODE_SESSION_INIT_INBOUND_SESSION);
    }

    public void initInboundSessionFrom(OlmAccount aAccount, String aTheirIdentityKey, String aPreKeyMsg) throws OlmException {
        if (null == aAccount || isEmpty(aPreKeyMsg) || aTheirIdentityKey == null) {
            throw new OlmException(OlmException.EXCEPTION_CODE_SESSION_INIT_INBOUND_SESSION_FROM, "invalid input parameters");
        }
        initInbound(aAccount, aTheirIdentityKey, aPreKeyMsg,
                OlmException.EXCEPTION_CODE_SESSION_INIT_INBOUND_SESSION_FROM);
    }

    private void initInbound(OlmAccount aAccount, String key, String msg, int code) throws OlmException {
        try {
            LibolmCompat.Inbound in = LibolmCompat.newInboundSessionKeepKey(aAccount.account(), key, msg);
            replace(in.session());
            mFirstMessage = msg;
            mFirstPlaintext = in.plaintext();
        } catch (RuntimeException e) {
            throw Errors.wrap(code, e);
        }
    }

    public String sessionIdentifier() throws OlmException {
        try {
            return session().sessionId();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SESSION_SESSION_IDENTIFIER, e);
        }
    }

    /** libolm's olm_session_describe: chain counters only. */
    public String sessionDescribe() throws OlmException {
        try {
            return LibolmCompat.describe(session());
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SESSION_SESSION_DESCRIBE, e);
        }
    }

    /** True if the pre-key message belongs to this session; false on any error (libolm's rule). */
    public boolean matchesInboundSession(String aOneTimeKeyMsg) {
        try {
            return session().matchesInbound(null, new org.cliquet.OlmMessage(0, aOneTimeKeyMsg));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** As {@link #matchesInboundSession}, and made by aTheirIdentityKey. */
    public boolean matchesInboundSessionFrom(String aTheirIdentityKey, String aOneTimeKeyMsg) {
        try {
            return session().matchesInbound(aTheirIdentityKey, new org.cliquet.OlmMessage(0, aOneTimeKeyMsg));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Encrypts aClearMsg's UTF-8 bytes; null for a null message (libolm's rule). */
    public OlmMessage encryptMessage(String aClearMsg) throws OlmException {
        if (null == aClearMsg) {
            return null;
        }
        byte[] clear = bytes(aClearMsg);
        try {
            org.cliquet.OlmMessage m = session().encrypt(clear);
            OlmMessage r = new OlmMessage();
            r.mCipherText = m.body();
            r.mType = m.type();
            return r;
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SESSION_ENCRYPT_MESSAGE, e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** Decrypts to UTF-8 text; null for a null message (libolm's rule). */
    public String decryptMessage(OlmMessage aEncryptedMsg) throws OlmException {
        if (null == aEncryptedMsg) {
            return null;
        }
        try {
            Session s = session();
            if (mFirstMessage != null && aEncryptedMsg.mType == OlmMessage.MESSAGE_TYPE_PRE_KEY
                    && mFirstMessage.equals(aEncryptedMsg.mCipherText)) {
                String text = new String(mFirstPlaintext, "UTF-8");
                dropFirstMessage();
                return text;
            }
            if (aEncryptedMsg.mCipherText == null || aEncryptedMsg.mType < 0 || aEncryptedMsg.mType > 1) {
                throw new OlmException(OlmException.EXCEPTION_CODE_SESSION_DECRYPT_MESSAGE, "BAD_MESSAGE_FORMAT");
            }
            org.cliquet.OlmDecrypted d = s.decrypt(
                    new org.cliquet.OlmMessage((int) aEncryptedMsg.mType, aEncryptedMsg.mCipherText));
            String text = d.text();
            d.destroy();
            return text;
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_SESSION_DECRYPT_MESSAGE, e);
        } catch (IOException e) {
            if (e instanceof OlmException) {
                throw (OlmException) e;
            }
            throw new OlmException(OlmException.EXCEPTION_CODE_SESSION_DECRYPT_MESSAGE, e.getMessage());
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

    /**
     * Replaces this session with the one in a libolm pickle. libolm's pickle
     * does not say whom a session this device started is with; as in libolm,
     * nothing here needs it.
     */
    @Override
    protected void deserialize(byte[] aSerializedData, byte[] aKey) throws Exception {
        releaseSession();
        replace(unpickleOrThrow(aSerializedData, aKey, LibolmCompat::unpickleSessionAsInbound));
    }

    public byte[] pickle(byte[] aKey, StringBuffer aErrorMsg) {
        return serialize(aKey, aErrorMsg);
    }

    public void unpickle(byte[] aSerializedData, byte[] aKey) throws Exception {
        deserialize(aSerializedData, aKey);
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
