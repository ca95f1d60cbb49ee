/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import java.nio.charset.Charset;

/**
 * MSC4108's secure channel for QR-code login (cliquet_ecies_channel;
 * vodozemac's Ecies and EstablishedEcies; docs/ecies.md).
 *
 * <p>Each side makes a channel with a fresh X25519 key. The recipient shows
 * {@link #publicKey()} in a QR code; the initiator scans it and calls
 * {@link #establishOutbound}, whose initial message carries its own key; the
 * recipient calls {@link #establishInbound} with that message. Both then show
 * {@link #checkCode()}: only when the codes match is the channel free of a
 * man in the middle. Then each side {@link #encrypt}s, and
 * {@link #decrypt}s the other side's messages once each, in order.
 *
 * <p>A message that fails leaves the channel as it was: DUPLICATE_MESSAGE
 * for a replay, MESSAGE_OUT_OF_ORDER for one that overtook an earlier
 * message (decrypt that one first), BAD_MESSAGE_MAC for a forgery, a
 * tampered message, another channel's, or a channel of another info prefix.
 *
 * <p>Thread safety: calls run one at a time (synchronized). Plaintexts come
 * back in arrays of their own, the caller's to wipe.
 */
public final class EciesChannel extends NativeObject {
    /** CLIQUET_ECIES_MAX_INFO_BYTES: the longest info prefix. */
    public static final int MAX_INFO_BYTES = 128;
    /** CLIQUET_ECIES_MAX_PLAINTEXT_BYTES: the largest plaintext a message takes. */
    public static final int MAX_PLAINTEXT_BYTES = 1048576;

    private static final Charset UTF_8 = Charset.forName("UTF-8");

    /** A fresh channel for MSC4108's QR-code login (the info prefix "MATRIX_QR_CODE_LOGIN"). */
    public EciesChannel() {
        super(Native.ECIES, Native.eciesNew(null));
    }

    /**
     * A fresh channel whose keys and check code are derived with another
     * application info prefix (vodozemac's Ecies::with_info), for a protocol
     * other than MSC4108's login: both sides must use the same bytes. Any
     * bytes, at most {@link #MAX_INFO_BYTES} (INPUT_TOO_LARGE past it); an
     * empty prefix is allowed.
     */
    public EciesChannel(byte[] info) {
        super(Native.ECIES, Native.eciesNew(notNull(info)));
    }

    /** As {@link #EciesChannel(byte[])}, the prefix as UTF-8 (vodozemac takes a Rust str). */
    public EciesChannel(String info) {
        this(utf8(info));
    }

    private static byte[] notNull(byte[] info) {
        Util.notNull(info, "info");
        return info;
    }

    private static byte[] utf8(String info) {
        Util.notNull(info, "info");
        return info.getBytes(UTF_8);
    }

    /** Our public key (base64), fresh or established: the one a QR code carries. */
    public synchronized String publicKey() {
        return Native.eciesPublicKey(this, handle());
    }

    /**
     * Establishes this fresh channel toward theirKey (base64, the QR code's)
     * as the initiator, and encrypts the first plaintext into the initial
     * message to send. Statuses: ECIES_ALREADY_ESTABLISHED, BAD_BASE64,
     * BAD_KEY_LENGTH, ZERO_SHARED_SECRET (a low-order key), INPUT_TOO_LARGE.
     */
    public synchronized String establishOutbound(String theirKey, byte[] plaintext) {
        Util.notNull(theirKey, "theirKey");
        Util.notNull(plaintext, "plaintext");
        return Native.eciesEstablishOutbound(this, handle(), theirKey, plaintext);
    }

    /**
     * Establishes this fresh channel as the recipient from the initial
     * message and returns its plaintext. On any failure the channel stays
     * fresh. Statuses: ECIES_ALREADY_ESTABLISHED, BAD_MESSAGE_FORMAT,
     * BAD_BASE64, BAD_KEY_LENGTH, ZERO_SHARED_SECRET, BAD_MESSAGE_MAC,
     * INPUT_TOO_LARGE.
     */
    public synchronized byte[] establishInbound(String initialMessage) {
        Util.notNull(initialMessage, "initialMessage");
        return Native.eciesEstablishInbound(this, handle(), initialMessage);
    }

    /**
     * The check code both sides show, 0 to 99; show it with two digits.
     * ECIES_NOT_ESTABLISHED on a fresh channel.
     */
    public synchronized int checkCode() {
        return Native.eciesCheckCode(this, handle());
    }

    /** The check code's two bytes, for other renderings. ECIES_NOT_ESTABLISHED. */
    public synchronized byte[] checkCodeBytes() {
        return Native.eciesCheckCodeBytes(this, handle());
    }

    /** Encrypts the next message. Statuses: ECIES_NOT_ESTABLISHED, INPUT_TOO_LARGE. */
    public synchronized String encrypt(byte[] plaintext) {
        Util.notNull(plaintext, "plaintext");
        return Native.eciesEncrypt(this, handle(), plaintext);
    }

    /**
     * Decrypts the other side's next message. Statuses: ECIES_NOT_ESTABLISHED,
     * BAD_BASE64, BAD_MESSAGE_FORMAT, BAD_MESSAGE_MAC, DUPLICATE_MESSAGE,
     * MESSAGE_OUT_OF_ORDER, INPUT_TOO_LARGE.
     */
    public synchronized byte[] decrypt(String message) {
        Util.notNull(message, "message");
        return Native.eciesDecrypt(this, handle(), message);
    }
}
