/*
 * cliquet org.matrix.olm tests. SPDX-License-Identifier: Apache-2.0
 */
package org.matrix.olm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Java serialisation as libolm's SDK writes it, built here byte by byte from
 * the Java Object Serialization Specification (not by our own writer): the
 * class descriptor (name, libolm's serialVersionUID, SC_WRITE_METHOD |
 * SC_SERIALIZABLE, no fields, no serialisable superclass), then the two
 * Strings libolm's CommonSerializeUtils writes, the key and the pickle.
 * Filled with a pickle libolm made (vectors/pickle/accounts.txt), it reads
 * into our OlmAccount; and our writer writes exactly these bytes. Repeated:
 * the writer's random key holds a NUL about one time in five, which modified
 * UTF-8 writes as two bytes.
 */
class SerializationTest {
    private static byte[] libolmStream(String className, long uid, String key, String pickle)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0xACED);      /* STREAM_MAGIC */
        out.writeShort(5);           /* STREAM_VERSION */
        out.writeByte(0x73);         /* TC_OBJECT */
        out.writeByte(0x72);         /* TC_CLASSDESC */
        out.writeUTF(className);
        out.writeLong(uid);
        out.writeByte(0x02 | 0x01);  /* SC_SERIALIZABLE | SC_WRITE_METHOD */
        out.writeShort(0);           /* no serialisable fields */
        out.writeByte(0x78);         /* TC_ENDBLOCKDATA: no class annotation */
        out.writeByte(0x70);         /* TC_NULL: no serialisable superclass */
        out.writeByte(0x74);         /* TC_STRING */
        out.writeUTF(key);
        out.writeByte(0x74);
        out.writeUTF(pickle);
        out.writeByte(0x78);         /* TC_ENDBLOCKDATA: end of writeObject's data */
        out.close();
        return bytes.toByteArray();
    }

    private static String[] firstAccountVector() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(new FileInputStream(
                new File(System.getProperty("cliquet.root", "."), "vectors/pickle/accounts.txt")), "UTF-8"));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    return line.split(" ");
                }
            }
        } finally {
            r.close();
        }
        throw new IOException("no vector");
    }

    @RepeatedTest(20)
    void readsAStreamAsLibolmsSdkWritesIt() throws Exception {
        String[] v = firstAccountVector(); /* script random pickle_key pickle message signature ... */
        String key = new String(CompatTest.hex(v[2]), "UTF-8");
        byte[] stream = libolmStream("org.matrix.olm.OlmAccount", 3497486121598434824L, key, v[3]);
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stream));
        OlmAccount account = (OlmAccount) in.readObject();
        assertEquals(v[5], account.signMessage(new String(CompatTest.hex(v[4]), "UTF-8")));

        /* Our writer writes the same layout: rebuild it from what it wrote. */
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(mine);
        out.writeObject(account);
        out.close();
        ObjectInputStream check = new ObjectInputStream(new ByteArrayInputStream(mine.toByteArray()));
        OlmAccount again = (OlmAccount) check.readObject();
        assertEquals(account.identityKeys(), again.identityKeys());
        byte[] written = mine.toByteArray();
        /* The key is fresh each time: read it back from the stream (its length
         * field follows the class descriptor, the same bytes in both streams,
         * found here from the end of the first), then compare every byte. */
        int keyAt = stream.length - (2 + v[3].length() + 1 + 1) - (2 + key.length());
        /* readUTF: the stream holds modified UTF-8, in which a NUL (the random
         * key may hold one, in libolm's SDK too) takes two bytes. */
        String writtenKey = new DataInputStream(
                new ByteArrayInputStream(written, keyAt, written.length - keyAt)).readUTF();
        String writtenPickle = new String(account.pickle(writtenKey.getBytes("UTF-8"), new StringBuffer()), "UTF-8");
        assertArrayEquals(libolmStream("org.matrix.olm.OlmAccount", 3497486121598434824L, writtenKey,
                writtenPickle), written);
        account.releaseAccount();
        again.releaseAccount();
    }

    /** The SDK's pickle(key, error) and unpickle(data, key) of one object. */
    private interface Pickled {
        byte[] pickle(byte[] key, StringBuffer error);

        void unpickle(byte[] data, byte[] key) throws Exception;

        boolean isReleased();
    }

    /*
     * libolm's SDK contract, for every object with a pickle: a null error
     * buffer or key gives null (with the reason when there is a buffer); a
     * pickle that does not open under the key, or a null one, throws the
     * deserialisation code with the status and leaves the object released.
     */
    private static void checkPickleContract(Pickled object) throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes("UTF-8");
        assertNull(object.pickle(key, null));
        StringBuffer error = new StringBuffer();
        assertNull(object.pickle(null, error));
        assertTrue(error.length() > 0);
        byte[] good = object.pickle(key, error);
        assertNotNull(good);
        assertEquals(0, error.length());

        byte[] wrongKey = "fedcba9876543210fedcba9876543210".getBytes("UTF-8");
        OlmException e = assertThrows(OlmException.class, () -> object.unpickle(good, wrongKey));
        assertEquals(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, e.getExceptionCode());
        assertTrue(e.getMessage().contains("BAD_ACCOUNT_KEY") || e.getMessage().contains("PICKLE_BAD_KEY"),
                e.getMessage());
        assertTrue(object.isReleased());
        e = assertThrows(OlmException.class, () -> object.unpickle(null, key));
        assertEquals(OlmException.EXCEPTION_CODE_ACCOUNT_DESERIALIZATION, e.getExceptionCode());
        assertTrue(object.isReleased());

        object.unpickle(good, key);
        assertTrue(!object.isReleased());
        assertArrayEquals(good, object.pickle(key, error));
    }

    @Test
    void everyPickleKeepsTheSdksContract() throws Exception {
        final OlmAccount account = new OlmAccount();
        checkPickleContract(new Pickled() {
            public byte[] pickle(byte[] k, StringBuffer e) { return account.pickle(k, e); }
            public void unpickle(byte[] d, byte[] k) throws Exception { account.unpickle(d, k); }
            public boolean isReleased() { return account.isReleased(); }
        });
        final OlmOutboundGroupSession outbound = new OlmOutboundGroupSession();
        checkPickleContract(new Pickled() {
            public byte[] pickle(byte[] k, StringBuffer e) { return outbound.pickle(k, e); }
            public void unpickle(byte[] d, byte[] k) throws Exception { outbound.unpickle(d, k); }
            public boolean isReleased() { return outbound.isReleased(); }
        });
        final OlmInboundGroupSession inbound = new OlmInboundGroupSession(outbound.sessionKey());
        checkPickleContract(new Pickled() {
            public byte[] pickle(byte[] k, StringBuffer e) { return inbound.pickle(k, e); }
            public void unpickle(byte[] d, byte[] k) throws Exception { inbound.unpickle(d, k); }
            public boolean isReleased() { return inbound.isReleased(); }
        });
        OlmAccount bob = new OlmAccount();
        bob.generateOneTimeKeys(1);
        String otk = bob.oneTimeKeys().get("curve25519").values().iterator().next();
        final OlmSession session = new OlmSession();
        session.initOutboundSession(account, bob.identityKeys().get("curve25519"), otk);
        checkPickleContract(new Pickled() {
            public byte[] pickle(byte[] k, StringBuffer e) { return session.pickle(k, e); }
            public void unpickle(byte[] d, byte[] k) throws Exception { session.unpickle(d, k); }
            public boolean isReleased() { return session.isReleased(); }
        });
        session.releaseSession();
        inbound.releaseSession();
        outbound.releaseSession();
        bob.releaseAccount();
        account.releaseAccount();
    }
}
