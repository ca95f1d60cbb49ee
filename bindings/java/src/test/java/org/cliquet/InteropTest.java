/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 *
 * Interop with Debian's libolm 3.2.13: its pickles and messages from
 * vectors/ (see vectors/*\/README.md), read and answered from Java, and a
 * live libolm peer (python3-olm, src/test/python/libolm_peer.py).
 */
package org.cliquet;

import static org.cliquet.TestSupport.assertStatus;
import static org.cliquet.TestSupport.hex;
import static org.cliquet.TestSupport.utf8;
import static org.cliquet.TestSupport.vectors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

class InteropTest {
    /** libolm's accounts: read, same signatures, written back byte for byte. */
    @Test
    void libolmAccountPickles() throws IOException {
        for (Map<String, String> c : vectors("vectors/pickle/accounts.txt")) {
            byte[] key = hex(c.get("pickle_key"));
            try (Account a = Account.unpickleLibolm(key, c.get("pickle"))) {
                assertEquals(c.get("signature"), a.sign(hex(c.get("message"))), c.get("script"));
                assertEquals(c.get("pickle"), a.pickleLibolm(key), c.get("script"));
                Utility.verifyEd25519(a.identityKeys().ed25519(), hex(c.get("message")),
                        c.get("signature"));
            }
        }
    }

    /**
     * Both sides of libolm's conversations: read, written back byte for byte,
     * and the conversation carried on from Java in both directions.
     */
    @Test
    void libolmSessionPicklesAnswered() throws IOException {
        int answered = 0;
        try (Account labels = new Account()) {
            /* libolm's pickle of a session Alice started does not hold Bob's
             * identity key; any key the app filed it under will do. */
            String bobLabel = labels.identityKeys().curve25519();
            for (Map<String, String> c : vectors("vectors/pickle/sessions.txt")) {
                byte[] key = hex(c.get("pickle_key"));
                String script = c.get("script");
                if (c.get("bob_pickle").equals("-")) {
                    try (Session alice = Session.unpickleLibolm(key, c.get("alice_pickle"), bobLabel)) {
                        assertEquals(c.get("alice_pickle"), alice.pickleLibolm(key), script);
                    }
                    continue;
                }
                try (Session bob = LibolmCompat.unpickleSessionAsInbound(key, c.get("bob_pickle"));
                     Session alice = Session.unpickleLibolm(key, c.get("alice_pickle"), bobLabel)) {
                    assertEquals(c.get("bob_pickle"), bob.pickleLibolm(key), script);
                    assertEquals(c.get("alice_pickle"), alice.pickleLibolm(key), script);
                    assertEquals(alice.sessionId(), bob.sessionId(), script);
                    OlmDecrypted d = bob.decrypt(alice.encrypt(utf8("java alice " + script)));
                    assertEquals("java alice " + script, d.text());
                    assertEquals(bob.theirIdentityKey(), d.senderKey());
                    OlmDecrypted r = alice.decrypt(bob.encrypt(utf8("java bob")));
                    assertEquals("java bob", r.text());
                    assertEquals(bobLabel, r.senderKey());
                    answered++;
                }
            }
        }
        assertEquals(5, answered);
    }

    /** libolm's group sessions: the next message decrypts; pickles round-trip. */
    @Test
    void libolmMegolmPickles() throws IOException {
        for (Map<String, String> c : vectors("vectors/pickle/megolm.txt")) {
            byte[] key = hex(c.get("pickle_key"));
            try (OutboundGroupSession out = OutboundGroupSession.unpickleLibolm(key, c.get("outbound_pickle"));
                 InboundGroupSession in = InboundGroupSession.unpickleLibolm(key, c.get("inbound_pickle"));
                 InboundGroupSession imp = InboundGroupSession.unpickleLibolm(key, c.get("imported_pickle"))) {
                assertEquals(c.get("outbound_pickle"), out.pickleLibolm(key));
                assertEquals(c.get("inbound_pickle"), in.pickleLibolm(key));
                assertEquals(c.get("imported_pickle"), imp.pickleLibolm(key));
                MegolmDecrypted d = in.decrypt(c.get("next_message"));
                assertArrayEquals(hex(c.get("next_plaintext")), d.bytes());
                assertEquals(Long.parseLong(c.get("count")), d.messageIndex());
                assertArrayEquals(hex(c.get("next_plaintext")), imp.decrypt(c.get("next_message")).bytes());
                /* Answered: the outbound session, restored from before libolm
                 * wrote next_message, encrypts at that index again. */
                String m = out.encrypt(utf8("java"));
                assertEquals("java", in.decrypt(m).text());
                assertEquals(d.messageIndex(), in.decrypt(m).messageIndex());
                assertEquals(d.messageIndex() + 1, out.messageIndex());
            }
        }
    }

    /** libolm's exports at given indices, made again from the session keys. */
    @Test
    void libolmExports() throws IOException {
        for (Map<String, String> c : vectors("vectors/megolm/export.txt")) {
            try (InboundGroupSession in = new InboundGroupSession(c.get("session_key"))) {
                assertEquals(c.get("export"), in.export(Long.parseLong(c.get("index"))));
            }
        }
    }

    /** libolm's key backups decrypt; its PK pickles read and write back. */
    @Test
    void libolmPk() throws IOException {
        for (Map<String, String> c : vectors("vectors/pk/backup.txt")) {
            try (PkDecryption d = PkDecryption.fromPrivateKey(hex(c.get("private")))) {
                assertEquals(c.get("public"), d.publicKey());
                PkMessage m = new PkMessage(c.get("ciphertext"), c.get("mac"), c.get("ephemeral"));
                assertArrayEquals(hex(c.get("plaintext")), d.decrypt(m));
            }
        }
        for (Map<String, String> c : vectors("vectors/pk/pickle.txt")) {
            byte[] key = hex(c.get("pickle_key"));
            try (PkDecryption d = PkDecryption.unpickleLibolm(key, c.get("pickle"))) {
                assertEquals(c.get("public"), d.publicKey());
                assertArrayEquals(hex(c.get("private")), d.privateKey());
                assertEquals(c.get("pickle"), d.pickleLibolm(key));
            }
        }
        for (Map<String, String> c : vectors("vectors/pk/signing.txt")) {
            try (PkSigning s = PkSigning.fromSeed(hex(c.get("seed")))) {
                assertEquals(c.get("public"), s.publicKey());
                assertEquals(c.get("signature"), s.sign(hex(c.get("message"))));
            }
        }
        for (Map<String, String> c : vectors("vectors/pk/libolm-tests-sha256.txt")) {
            assertEquals(c.get("digest"), Utility.sha256(hex(c.get("message"))));
        }
    }

    /** A live exchange with Debian's libolm, both directions, Olm and Megolm. */
    @Test
    void liveLibolmPeer() throws Exception {
        try (Account bob = new Account(); OutboundGroupSession group = new OutboundGroupSession()) {
            bob.generateOneTimeKeys(1);
            Map<String, String> a = peer("start", bob.identityKeys().curve25519(),
                    bob.oneTimeKeys().get(0).key());
            OlmMessage first = new OlmMessage(Integer.parseInt(a.get("type")), a.get("body"));
            InboundSession in = bob.newInboundSession(a.get("alice_curve"), first);
            try (Session s = in.session();
                 InboundGroupSession theirs = new InboundGroupSession(a.get("group_key"))) {
                assertEquals("from libolm", in.decrypted().text());
                assertEquals(a.get("session_id"), s.sessionId());
                MegolmDecrypted g = theirs.decrypt(a.get("group_message"));
                assertEquals("group from libolm", g.text());
                assertEquals(a.get("group_id"), g.sessionId());
                OlmMessage reply = s.encrypt(utf8("from java"));
                String key = group.sessionKey();
                String gm = group.encrypt(utf8("group from java"));
                Map<String, String> b = peer("answer", a.get("session"), Integer.toString(reply.type()),
                        reply.body(), key, gm);
                assertEquals("from java", b.get("plaintext"));
                assertEquals("group from java", b.get("group_plaintext"));
                assertEquals("0", b.get("group_index"));
            }
        }
    }

    /** Runs the libolm peer script; its "name value" lines. */
    private static Map<String, String> peer(String... args) throws Exception {
        List<String> cmd = new ArrayList<String>();
        cmd.add(System.getProperty("cliquet.python", "/usr/bin/python3"));
        cmd.add(new File(TestSupport.root(), "bindings/java/src/test/python/libolm_peer.py").getPath());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, String> out = new HashMap<String, String>();
        StringBuilder all = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), TestSupport.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            all.append(line).append('\n');
            int sp = line.indexOf(' ');
            if (sp > 0) {
                out.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        assertEquals(0, p.waitFor(), all.toString());
        return out;
    }

    /** libolm's refusals are ours too, by status. */
    @Test
    void libolmPicklesUnderAWrongKey() throws IOException {
        Map<String, String> c = vectors("vectors/pickle/megolm.txt").get(0);
        assertStatus(Status.PICKLE_BAD_KEY,
                () -> InboundGroupSession.unpickleLibolm(utf8("wrong"), c.get("inbound_pickle")));
        assertStatus(Status.PICKLE_BAD_KEY,
                () -> Account.unpickleLibolm(utf8("wrong"), vectors("vectors/pickle/accounts.txt").get(0).get("pickle")));
    }
}
