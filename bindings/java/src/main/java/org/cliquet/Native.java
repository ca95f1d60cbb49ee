/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * The JNI entry points (bindings/java/jni/*.c), one static method per C call.
 * Package-private: the public classes check their arguments and state first.
 *
 * <p>Methods on an object take the Java object ({@code owner}) besides its
 * handle: the reference the VM holds for the call keeps the object reachable,
 * so the safety net in {@link NativeObject} cannot free the C object while C
 * still uses it (Java 8 has no {@code Reference.reachabilityFence}).
 */
final class Native {
    /* Object kinds: the C glue's CQJ_* numbers. */
    static final int ACCOUNT = 1;
    static final int SESSION = 2;
    static final int OUTBOUND_GROUP = 3;
    static final int INBOUND_GROUP = 4;
    static final int PK_ENCRYPTION = 5;
    static final int PK_DECRYPTION = 6;
    static final int PK_SIGNING = 7;
    static final int SAS = 8;
    static final int ECIES = 9;

    /* Pickle formats: the C glue's FORMAT_* numbers. */
    static final int FORMAT_NATIVE = 0;
    static final int FORMAT_LIBOLM = 1;
    static final int FORMAT_LIBOLM_LOSSY = 2;

    /* SAS MAC variants: the C glue's MAC_* numbers. */
    static final int MAC_V2 = 0;
    static final int MAC_LEGACY_BASE64 = 1;
    static final int MAC_LONG_KDF = 2;

    static {
        String path = System.getProperty("org.cliquet.jni.library");
        if (path != null) {
            System.load(path);
        } else {
            System.loadLibrary("cliquet_jni");
        }
        int status = init();
        if (status != 0) {
            throw new CliquetException(status, statusName(status));
        }
    }

    private Native() {
    }

    /** Loads the library and starts cliquet (once; later calls do nothing). */
    static void load() {
    }

    static native int init();
    static native String statusName(int code);
    static native String version();
    static native boolean aesHardware();
    static native void free(int kind, long handle);

    static native String sha256(byte[] message);
    static native void ed25519Verify(String key, byte[] message, String signature);
    static native String base64Encode(byte[] data);
    static native byte[] base64Decode(String text);

    static native long accountNew();
    static native String[] accountIdentityKeys(Object owner, long h);
    static native String accountSign(Object owner, long h, byte[] message);
    static native int accountGenerateOneTimeKeys(Object owner, long h, int count);
    static native int accountMaxOneTimeKeys(Object owner, long h);
    static native int accountOneTimeKeyCount(Object owner, long h);
    static native String[] accountOneTimeKey(Object owner, long h, int i);
    static native void accountMarkKeysAsPublished(Object owner, long h);
    static native void accountGenerateFallbackKey(Object owner, long h);
    static native String[] accountFallbackKey(Object owner, long h);
    static native void accountForgetOldFallbackKey(Object owner, long h);

    static native long sessionNewOutbound(Object account, long h, int config,
                                          String identityKey, String oneTimeKey);
    static native OlmDecrypted sessionNewInbound(Object account, long h, int config,
                                                 String identityKey, String message, long[] out);
    static native int sessionConfig(Object owner, long h);
    static native boolean sessionMatchesInbound(Object owner, long h, String identityKey,
                                                String message);
    static native String sessionId(Object owner, long h);
    static native String sessionTheirIdentityKey(Object owner, long h);
    static native boolean sessionHasReceivedMessage(Object owner, long h);
    static native int sessionMessageType(Object owner, long h);
    static native OlmMessage sessionEncrypt(Object owner, long h, byte[] plaintext);
    static native OlmDecrypted sessionDecrypt(Object owner, long h, int type, String message);
    static native long sessionUnpickleLibolm(byte[] key, String pickle, String identityKey);

    static native String pickle(int kind, int format, Object owner, long h, byte[] key);
    static native long unpickle(int kind, int format, byte[] key, String pickle);

    static native long outboundGroupNew(int config);
    static native int outboundGroupConfig(Object owner, long h);
    static native String outboundGroupId(Object owner, long h);
    static native long outboundGroupMessageIndex(Object owner, long h);
    static native String outboundGroupKey(Object owner, long h);
    static native byte[] outboundGroupKeyBytes(Object owner, long h);
    static native String outboundGroupEncrypt(Object owner, long h, byte[] plaintext);

    static native long inboundGroupNew(String key, boolean isExport, int config);
    static native long inboundGroupNewBytes(byte[] key, boolean isExport, int config);
    static native int inboundGroupConfig(Object owner, long h);
    static native String inboundGroupId(Object owner, long h);
    static native long inboundGroupFirstKnownIndex(Object owner, long h);
    static native boolean inboundGroupIsVerified(Object owner, long h);
    static native boolean inboundGroupIsImported(Object owner, long h);
    static native String inboundGroupExport(Object owner, long h, long index);
    static native byte[] inboundGroupExportBytes(Object owner, long h, long index);
    static native MegolmDecrypted inboundGroupDecrypt(Object owner, long h, String message);
    static native int inboundGroupCompare(Object a, long ha, Object b, long hb);
    static native long inboundGroupMerge(Object a, long ha, Object b, long hb);
    static native boolean inboundGroupAdvanceTo(Object owner, long h, long index);
    static native void inboundGroupSetReplayDetection(Object owner, long h, boolean on);
    static native long[] inboundGroupReplayDetection(Object owner, long h);

    static native String[] accountToDehydratedDevice(Object owner, long h, byte[] key);
    static native long accountFromDehydratedDevice(String ciphertext, String nonce, byte[] key);

    static native long eciesNew(byte[] info);
    static native String eciesPublicKey(Object owner, long h);
    static native String eciesEstablishOutbound(Object owner, long h, String theirKey,
                                                byte[] plaintext);
    static native byte[] eciesEstablishInbound(Object owner, long h, String message);
    static native int eciesCheckCode(Object owner, long h);
    static native byte[] eciesCheckCodeBytes(Object owner, long h);
    static native String eciesEncrypt(Object owner, long h, byte[] plaintext);
    static native byte[] eciesDecrypt(Object owner, long h, String message);

    static native long pkEncryptionNew(String recipientKey);
    static native PkMessage pkEncrypt(Object owner, long h, byte[] plaintext);
    static native long pkDecryptionNew(byte[] privateKey);
    static native String pkDecryptionPublicKey(Object owner, long h);
    static native byte[] pkDecryptionPrivateKey(Object owner, long h);
    static native byte[] pkDecrypt(Object owner, long h, String ciphertext, String mac,
                                   String ephemeralKey);
    static native long pkSigningNew(byte[] seed);
    static native byte[] pkSigningSeed(Object owner, long h);
    static native String pkSigningPublicKey(Object owner, long h);
    static native String pkSign(Object owner, long h, byte[] message);

    static native long sasNew();
    static native String sasPublicKey(Object owner, long h);
    static native void sasSetTheirKey(Object owner, long h, String key);
    static native boolean sasIsTheirKeySet(Object owner, long h);
    static native byte[] sasGenerateBytes(Object owner, long h, byte[] info, int n);
    static native String sasMac(Object owner, long h, int variant, byte[] message, byte[] info);

    /* cliquet_libolm.h, for org.matrix.olm (see LibolmCompat). */
    static native byte[] libolmNewInboundKeepKey(Object account, long h, String identityKey,
                                                 String message, long[] out);
    static native long libolmRemoveOneTimeKey(Object account, long ah, Object session,
                                              long sh);
    static native String libolmDescribe(Object owner, long h);
    static native long libolmUnpickleSessionAsInbound(byte[] key, String pickle);
}
