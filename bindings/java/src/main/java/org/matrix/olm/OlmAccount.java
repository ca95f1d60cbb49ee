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
import java.util.HashMap;
import java.util.Map;

import org.cliquet.Account;
import org.cliquet.IdentityKeys;
import org.cliquet.LibolmCompat;
import org.cliquet.OneTimeKey;

/**
 * libolm's OlmAccount over org.cliquet.Account. Pickles are libolm's format.
 * Not thread-safe as a whole (as libolm's SDK); each call is atomic.
 */
public class OlmAccount extends CommonSerializeUtils implements Serializable {
    private static final long serialVersionUID = 3497486121598434824L;

    /** The one-time keys' JSON key. */
    public static final String JSON_KEY_ONE_TIME_KEY = "curve25519";
    /** The Curve25519 identity key's JSON key. */
    public static final String JSON_KEY_IDENTITY_KEY = "curve25519";
    /** The Ed25519 fingerprint key's JSON key. */
    public static final String JSON_KEY_FINGER_PRINT_KEY = "ed25519";

    /** libolm's MAX_ONE_TIME_KEYS: what olm_account_max_number_of_one_time_keys answers. */
    private static final long LIBOLM_MAX_ONE_TIME_KEYS = 100;

    private transient Account mAccount;

    public OlmAccount() throws OlmException {
        try {
            mAccount = new Account();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_INIT_ACCOUNT_CREATION, e);
        }
    }

    /** The binding's account; IllegalStateException once released. */
    Account account() {
        if (mAccount == null) {
            throw new IllegalStateException("OlmAccount is released");
        }
        return mAccount;
    }

    /** Frees and wipes the native account. */
    public void releaseAccount() {
        if (mAccount != null) {
            mAccount.close();
        }
        mAccount = null;
    }

    public boolean isReleased() {
        return mAccount == null;
    }

    /** {"curve25519": ..., "ed25519": ...}. */
    public Map<String, String> identityKeys() throws OlmException {
        try {
            IdentityKeys k = account().identityKeys();
            Map<String, String> m = new HashMap<String, String>();
            m.put(JSON_KEY_IDENTITY_KEY, k.curve25519());
            m.put(JSON_KEY_FINGER_PRINT_KEY, k.ed25519());
            return m;
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_IDENTITY_KEYS, e);
        }
    }

    /** libolm's answer, 100 (publish at most half of it). */
    public long maxOneTimeKeys() {
        return LIBOLM_MAX_ONE_TIME_KEYS;
    }

    /**
     * Makes aNumberOfKeys one-time keys; the account keeps the newest 100, as
     * libolm's did (cliquet makes at most 100 per call: done in batches, as
     * bindings/libolm does).
     */
    public void generateOneTimeKeys(int aNumberOfKeys) throws OlmException {
        try {
            Account a = account();
            int left = aNumberOfKeys;
            do {
                int batch = (int) Math.min(left, LIBOLM_MAX_ONE_TIME_KEYS);
                a.generateOneTimeKeys(batch);
                left -= batch;
            } while (left > 0);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_GENERATE_ONE_TIME_KEYS, e);
        }
    }

    /** {"curve25519": {key id: key, ...}}: the unpublished one-time keys. */
    public Map<String, Map<String, String>> oneTimeKeys() throws OlmException {
        try {
            return keyMap(account().oneTimeKeys().toArray(new OneTimeKey[0]));
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_ONE_TIME_KEYS, e);
        }
    }

    private static Map<String, Map<String, String>> keyMap(OneTimeKey[] keys) {
        Map<String, String> inner = new HashMap<String, String>();
        for (OneTimeKey k : keys) {
            inner.put(k.keyId(), k.key());
        }
        Map<String, Map<String, String>> m = new HashMap<String, Map<String, String>>();
        m.put(JSON_KEY_ONE_TIME_KEY, inner);
        return m;
    }

    /** Removes the one-time key aSession was made with (libolm's second step). */
    public void removeOneTimeKeys(OlmSession aSession) throws OlmException {
        if (null != aSession) {
            try {
                LibolmCompat.removeOneTimeKey(account(), aSession.session());
            } catch (RuntimeException e) {
                throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_REMOVE_ONE_TIME_KEYS, e);
            }
        }
    }

    public void markOneTimeKeysAsPublished() throws OlmException {
        try {
            account().markKeysAsPublished();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_MARK_ONE_KEYS_AS_PUBLISHED, e);
        }
    }

    /** The Ed25519 signature of aMessage's UTF-8 bytes; null for a null message (libolm's rule). */
    public String signMessage(String aMessage) throws OlmException {
        if (null == aMessage) {
            return null;
        }
        byte[] utf8 = bytes(aMessage);
        try {
            return account().sign(utf8);
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_SIGN_MESSAGE, e);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    public void generateFallbackKey() throws OlmException {
        try {
            account().generateFallbackKey();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_GENERATE_FALLBACK_KEY, e);
        }
    }

    /** {"curve25519": {key id: key}} for an unpublished fallback key, else {"curve25519": {}}. */
    public Map<String, Map<String, String>> fallbackKey() throws OlmException {
        try {
            OneTimeKey k = account().unpublishedFallbackKey();
            return keyMap(k == null ? new OneTimeKey[0] : new OneTimeKey[] {k});
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_FALLBACK_KEY, e);
        }
    }

    public void forgetFallbackKey() throws OlmException {
        try {
            account().forgetOldFallbackKey();
        } catch (RuntimeException e) {
            throw Errors.wrap(OlmException.EXCEPTION_CODE_ACCOUNT_FORGET_FALLBACK_KEY, e);
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
        return pickleOrReport(aKey, aErrorMsg, key -> account().pickleLibolm(key));
    }

    @Override
    protected void deserialize(byte[] aSerializedData, byte[] aKey) throws Exception {
        releaseAccount();
        mAccount = unpickleOrThrow(aSerializedData, aKey, Account::unpickleLibolm);
    }

    /** libolm's account pickle under aKey; null with the reason in aErrorMsg on failure. */
    public byte[] pickle(byte[] aKey, StringBuffer aErrorMsg) {
        return serialize(aKey, aErrorMsg);
    }

    /** Replaces this account with the one in a libolm pickle. */
    public void unpickle(byte[] aSerializedData, byte[] aKey) throws Exception {
        deserialize(aSerializedData, aKey);
    }
}
