/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A device's identity (cliquet_account): Curve25519 and Ed25519 identity
 * keys, one-time keys and fallback keys. Byte-compatible with libolm 3.2.
 *
 * <p>Thread safety: calls on one account run one at a time (every method is
 * synchronized). Close it when done: {@link #close()} frees and wipes it.
 */
public final class Account extends NativeObject {
    /** A new account with fresh identity keys (random bytes drawn by cliquet). */
    public Account() {
        super(Native.ACCOUNT, Native.accountNew());
    }

    private Account(long handle) {
        super(Native.ACCOUNT, handle);
    }

    /** The public identity keys. */
    public synchronized IdentityKeys identityKeys() {
        String[] k = Native.accountIdentityKeys(this, handle());
        return new IdentityKeys(k[0], k[1]);
    }

    /** The Ed25519 signature (base64) of message with the identity key. */
    public synchronized String sign(byte[] message) {
        Util.notNull(message, "message");
        return Native.accountSign(this, handle(), message);
    }

    /**
     * Makes count new unpublished one-time keys; returns how many old keys
     * this evicted (the account keeps at most 100). More than 100 at once:
     * {@link CliquetException.Status#TOO_MANY_KEYS}.
     */
    public synchronized int generateOneTimeKeys(int count) {
        Util.notNegative(count, "count");
        return Native.accountGenerateOneTimeKeys(this, handle(), count);
    }

    /** How many one-time keys a server should hold at most (50): a new batch then never evicts keys still on the server. */
    public synchronized int maxOneTimeKeys() {
        return Native.accountMaxOneTimeKeys(this, handle());
    }

    /** The unpublished one-time keys, oldest first (key-id order). */
    public synchronized List<OneTimeKey> oneTimeKeys() {
        long h = handle();
        int n = Native.accountOneTimeKeyCount(this, h);
        List<OneTimeKey> keys = new ArrayList<OneTimeKey>(n);
        for (int i = 0; i < n; i++) {
            String[] k = Native.accountOneTimeKey(this, h, i);
            keys.add(new OneTimeKey(k[0], k[1]));
        }
        return Collections.unmodifiableList(keys);
    }

    /** Marks every one-time key and the current fallback key as published. */
    public synchronized void markKeysAsPublished() {
        Native.accountMarkKeysAsPublished(this, handle());
    }

    /** Makes a new fallback key; the current one stays accepted until {@link #forgetOldFallbackKey()}. */
    public synchronized void generateFallbackKey() {
        Native.accountGenerateFallbackKey(this, handle());
    }

    /**
     * The current fallback key if it is unpublished; null (not an error) when
     * there is none or it is published.
     */
    public synchronized OneTimeKey unpublishedFallbackKey() {
        String[] k = Native.accountFallbackKey(this, handle());
        return k == null ? null : new OneTimeKey(k[0], k[1]);
    }

    /** Forgets the previous fallback key, if there is one. */
    public synchronized void forgetOldFallbackKey() {
        Native.accountForgetOldFallbackKey(this, handle());
    }

    /**
     * An outbound session to a device with its identity key and one of its
     * one-time (or fallback) keys, as claimed from the server, of
     * {@link SessionConfig#V1}. Statuses: BAD_BASE64, BAD_KEY_LENGTH, BAD_KEY,
     * ZERO_SHARED_SECRET.
     */
    public Session newOutboundSession(String theirIdentityKey, String theirOneTimeKey) {
        return newOutboundSession(theirIdentityKey, theirOneTimeKey, SessionConfig.V1);
    }

    /**
     * As {@link #newOutboundSession(String, String)}, of the given config
     * (vodozemac's create_outbound_session(config, ...)).
     */
    public Session newOutboundSession(String theirIdentityKey, String theirOneTimeKey,
                                      SessionConfig config) {
        Util.notNull(theirIdentityKey, "theirIdentityKey");
        Util.notNull(theirOneTimeKey, "theirOneTimeKey");
        Util.notNull(config, "config");
        long s;
        synchronized (this) {
            s = Native.sessionNewOutbound(this, handle(), config.code(), theirIdentityKey,
                    theirOneTimeKey);
        }
        return new Session(s);
    }

    /**
     * An inbound session from a pre-key message, in one step: it makes the
     * session, decrypts the message and removes the one-time key used (a
     * fallback key stays). On failure nothing is made and the account is
     * unchanged. The session is of {@link SessionConfig#V1}.
     *
     * @param theirIdentityKey the sender's identity key, or null to accept any
     *        sender (then check {@link OlmDecrypted#senderKey()})
     * @param preKeyMessage a message of type {@link OlmMessage#PRE_KEY}
     */
    public InboundSession newInboundSession(String theirIdentityKey, OlmMessage preKeyMessage) {
        return newInboundSession(theirIdentityKey, preKeyMessage, SessionConfig.V1);
    }

    /**
     * As {@link #newInboundSession(String, OlmMessage)}, for the config the
     * caller expects (vodozemac's create_inbound_session(config, ...)): a
     * message of the other config is BAD_MESSAGE_VERSION, and neither a
     * session is made nor the account changed.
     */
    public InboundSession newInboundSession(String theirIdentityKey, OlmMessage preKeyMessage,
                                            SessionConfig config) {
        Util.notNull(preKeyMessage, "preKeyMessage");
        Util.notNull(config, "config");
        if (!preKeyMessage.isPreKey()) {
            throw new IllegalArgumentException("an inbound session starts from a pre-key message");
        }
        long[] out = new long[1];
        OlmDecrypted d;
        synchronized (this) {
            d = Native.sessionNewInbound(this, handle(), config.code(), theirIdentityKey,
                    preKeyMessage.body(), out);
        }
        return new InboundSession(new Session(out[0]), d);
    }

    /**
     * This account as a dehydrated device (MSC3814; vodozemac's
     * to_dehydrated_device): its identity keys, one-time keys and current
     * fallback key, encrypted under key (32 bytes, e.g. from the user's
     * secret storage) with a new random nonce. The account is not changed.
     * Statuses: BAD_KEY_LENGTH (key not 32 bytes), ACCOUNT_NO_SEED (an
     * account read from a libolm pickle holds no Ed25519 seed).
     */
    public synchronized DehydratedDevice toDehydratedDevice(byte[] key) {
        Util.notNull(key, "key");
        String[] r = Native.accountToDehydratedDevice(this, handle(), key);
        return new DehydratedDevice(r[0], r[1]);
    }

    /**
     * A new account from a dehydrated device (vodozemac's
     * from_dehydrated_device), its keys marked published. Statuses:
     * BAD_KEY_LENGTH, INPUT_TOO_LARGE, BAD_BASE64, BAD_NONCE_LENGTH,
     * PICKLE_BAD_KEY (a wrong key or nonce, or changed bytes),
     * PICKLE_UNKNOWN_VERSION, PICKLE_CORRUPTED, PICKLE_EXTRA_DATA,
     * TOO_MANY_KEYS.
     */
    public static Account fromDehydratedDevice(DehydratedDevice device, byte[] key) {
        Util.notNull(device, "device");
        Util.notNull(key, "key");
        return new Account(
                Native.accountFromDehydratedDevice(device.ciphertext(), device.nonce(), key));
    }

    /** A native pickle (XChaCha20-Poly1305) under a 32-byte key. */
    public synchronized String pickle(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.ACCOUNT, Native.FORMAT_NATIVE, this, handle(), key);
    }

    /** libolm 3.2's account pickle (version 4) under a key of any length. */
    public synchronized String pickleLibolm(byte[] key) {
        Util.notNull(key, "key");
        return Native.pickle(Native.ACCOUNT, Native.FORMAT_LIBOLM, this, handle(), key);
    }

    /** An account from a native pickle. Statuses: see the pickle section of cliquet.h. */
    public static Account unpickle(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new Account(Native.unpickle(Native.ACCOUNT, Native.FORMAT_NATIVE, key, pickle));
    }

    /** An account from libolm's pickle (versions 2 to 4). */
    public static Account unpickleLibolm(byte[] key, String pickle) {
        Util.notNull(key, "key");
        Util.notNull(pickle, "pickle");
        return new Account(Native.unpickle(Native.ACCOUNT, Native.FORMAT_LIBOLM, key, pickle));
    }
}
