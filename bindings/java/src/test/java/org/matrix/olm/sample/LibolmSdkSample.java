/*
 * A program written against libolm's Android SDK 3.2 (org.matrix.olm) and
 * nothing else: it compiles unchanged against cliquet's org.matrix.olm and
 * runs on cliquet. Two devices: accounts, one-time keys, an Olm session both
 * ways, a Megolm room key sent over it, room messages, and every object
 * pickled and restored (the SDK's pickle() / unpickle() and Java
 * serialisation). SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm.sample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;

import org.matrix.olm.OlmAccount;
import org.matrix.olm.OlmException;
import org.matrix.olm.OlmInboundGroupSession;
import org.matrix.olm.OlmManager;
import org.matrix.olm.OlmMessage;
import org.matrix.olm.OlmOutboundGroupSession;
import org.matrix.olm.OlmSession;
import org.matrix.olm.OlmUtility;

public final class LibolmSdkSample {
    private LibolmSdkSample() {
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T serialiseAndRestore(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes);
        out.writeObject(object);
        out.close();
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        return (T) in.readObject();
    }

    /** Runs the scenario; returns a line per step. */
    public static String run() throws Exception {
        StringBuilder log = new StringBuilder();
        OlmManager manager = new OlmManager();
        log.append("olm ").append(manager.getOlmLibVersion()).append('\n');

        /* Two devices. */
        OlmAccount aliceAccount = new OlmAccount();
        OlmAccount bobAccount = new OlmAccount();
        Map<String, String> aliceKeys = aliceAccount.identityKeys();
        Map<String, String> bobKeys = bobAccount.identityKeys();
        String aliceCurve = aliceKeys.get(OlmAccount.JSON_KEY_IDENTITY_KEY);
        String bobCurve = bobKeys.get(OlmAccount.JSON_KEY_IDENTITY_KEY);

        /* Bob publishes signed one-time keys; Alice verifies one and claims it. */
        bobAccount.generateOneTimeKeys((int) (bobAccount.maxOneTimeKeys() / 2));
        Map<String, Map<String, String>> otks = bobAccount.oneTimeKeys();
        Map<String, String> curveKeys = otks.get(OlmAccount.JSON_KEY_ONE_TIME_KEY);
        String keyId = curveKeys.keySet().iterator().next();
        String bobOneTimeKey = curveKeys.get(keyId);
        String signed = "{\"key\":\"" + bobOneTimeKey + "\"}";
        String signature = bobAccount.signMessage(signed);
        bobAccount.markOneTimeKeysAsPublished();
        OlmUtility utility = new OlmUtility();
        utility.verifyEd25519Signature(signature, bobKeys.get(OlmAccount.JSON_KEY_FINGER_PRINT_KEY), signed);
        log.append("one-time keys ").append(curveKeys.size()).append('\n');

        /* Alice opens a session and sends the first message. */
        OlmSession aliceSession = new OlmSession();
        aliceSession.initOutboundSession(aliceAccount, bobCurve, bobOneTimeKey);
        OlmMessage first = aliceSession.encryptMessage("Hello Bob");
        check(first.mType == OlmMessage.MESSAGE_TYPE_PRE_KEY, "pre-key first");

        /* Bob: inbound session from it, decrypt, remove the key used. */
        OlmSession bobSession = new OlmSession();
        bobSession.initInboundSessionFrom(bobAccount, aliceCurve, first.mCipherText);
        check(bobSession.matchesInboundSession(first.mCipherText), "matches");
        String hello = bobSession.decryptMessage(first);
        check("Hello Bob".equals(hello), "first message");
        bobAccount.removeOneTimeKeys(bobSession);
        check(bobSession.sessionIdentifier().equals(aliceSession.sessionIdentifier()), "session ids");
        log.append("olm ").append(hello).append('\n');

        /* Bob answers; Alice reads it. */
        OlmMessage answer = bobSession.encryptMessage("Hello Alice");
        check(answer.mType == OlmMessage.MESSAGE_TYPE_MESSAGE, "normal answer");
        log.append("olm ").append(aliceSession.decryptMessage(answer)).append('\n');

        /* Alice starts a room: the room key goes to Bob over Olm. */
        OlmOutboundGroupSession room = new OlmOutboundGroupSession();
        OlmMessage roomKey = aliceSession.encryptMessage(room.sessionKey());
        OlmInboundGroupSession bobRoom = new OlmInboundGroupSession(bobSession.decryptMessage(roomKey));
        check(bobRoom.sessionIdentifier().equals(room.sessionIdentifier()), "room session id");
        String m0 = room.encryptMessage("first room message");
        String m1 = room.encryptMessage("second room message");
        OlmInboundGroupSession.DecryptMessageResult r1 = bobRoom.decryptMessage(m1);
        check(r1.mIndex == 1, "index");
        log.append("megolm ").append(bobRoom.decryptMessage(m0).mDecryptedMessage).append(" / ")
                .append(r1.mDecryptedMessage).append('\n');

        /* Pickle and restore every object, then carry on. */
        byte[] key = "a pickle key".getBytes("UTF-8");
        StringBuffer error = new StringBuffer();
        byte[] pickledAccount = bobAccount.pickle(key, error);
        byte[] pickledSession = bobSession.pickle(key, error);
        byte[] pickledRoom = bobRoom.pickle(key, error);
        byte[] pickledOutbound = room.pickle(key, error);
        check(error.length() == 0, "pickles");
        bobAccount.releaseAccount();
        bobSession.releaseSession();
        bobRoom.releaseSession();
        room.releaseSession();
        check(bobSession.isReleased(), "released");

        OlmAccount bobAccount2 = new OlmAccount();
        bobAccount2.unpickle(pickledAccount, key);
        check(bobAccount2.identityKeys().get(OlmAccount.JSON_KEY_IDENTITY_KEY).equals(bobCurve), "account restored");
        OlmSession bobSession2 = new OlmSession();
        bobSession2.unpickle(pickledSession, key);
        OlmInboundGroupSession bobRoom2 = serialiseAndRestore(bobRoom2Of(pickledRoom, key));
        OlmOutboundGroupSession room2 = new OlmOutboundGroupSession();
        room2.unpickle(pickledOutbound, key);
        check(room2.messageIndex() == 2, "outbound restored");

        log.append("restored ").append(bobSession2.decryptMessage(aliceSession.encryptMessage("after restore")))
                .append(" / ").append(bobRoom2.decryptMessage(room2.encryptMessage("room after restore")).mDecryptedMessage)
                .append('\n');

        /* Java serialisation of an account and a session. */
        OlmAccount aliceAccount2 = serialiseAndRestore(aliceAccount);
        check(aliceAccount2.identityKeys().equals(aliceKeys), "serialised account");
        OlmSession aliceSession2 = serialiseAndRestore(aliceSession);
        log.append("serialised ").append(bobSession2.decryptMessage(aliceSession2.encryptMessage("after serialisation")))
                .append('\n');

        /* An error is an OlmException with libolm's code and message. */
        try {
            bobRoom2.decryptMessage("AwgAEiAt");
            check(false, "a bad message must throw");
        } catch (OlmException e) {
            check(e.getExceptionCode() == OlmException.EXCEPTION_CODE_INBOUND_GROUP_SESSION_DECRYPT_SESSION, "code");
            log.append("error ").append(e.getMessage()).append('\n');
        }

        for (OlmAccount a : new OlmAccount[] {aliceAccount, aliceAccount2, bobAccount2}) {
            a.releaseAccount();
        }
        for (OlmSession s : new OlmSession[] {aliceSession, aliceSession2, bobSession2}) {
            s.releaseSession();
        }
        bobRoom2.releaseSession();
        room2.releaseSession();
        utility.releaseUtility();
        return log.toString();
    }

    private static OlmInboundGroupSession bobRoom2Of(byte[] pickle, byte[] key) throws Exception {
        OlmInboundGroupSession s = new OlmInboundGroupSession(
                new OlmOutboundGroupSession().sessionKey());
        s.unpickle(pickle, key);
        return s;
    }

    public static void main(String[] args) throws Exception {
        System.out.print(run());
    }
}
