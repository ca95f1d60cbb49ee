/*
 * cliquet Java binding tests. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import static org.cliquet.TestSupport.NATIVE_KEY;
import static org.cliquet.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cliquet.CliquetException.Status;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    /** Every kind of object: closed, each refuses with IllegalStateException. */
    @Test
    void closedObjectsRefuseEveryCall() {
        Account a = new Account();
        a.generateOneTimeKeys(1);
        Account b = new Account();
        Session s = b.newOutboundSession(a.identityKeys().curve25519(), a.oneTimeKeys().get(0).key());
        OutboundGroupSession o = new OutboundGroupSession();
        InboundGroupSession i = new InboundGroupSession(o.sessionKey());
        PkDecryption d = new PkDecryption();
        PkEncryption e = new PkEncryption(d.publicKey());
        PkSigning g = new PkSigning();
        Sas sas = new Sas();
        EciesChannel ec = new EciesChannel();
        InboundGroupSession j = new InboundGroupSession(o.sessionKey());
        NativeObject[] all = {a, b, s, o, i, d, e, g, sas, ec};
        for (NativeObject n : all) {
            assertFalse(n.isClosed());
            n.close();
            assertTrue(n.isClosed());
            n.close(); /* idempotent */
        }
        IllegalStateException x = assertThrows(IllegalStateException.class, a::identityKeys);
        assertEquals("Account is closed", x.getMessage());
        assertThrows(IllegalStateException.class, () -> a.sign(utf8("m")));
        assertThrows(IllegalStateException.class, () -> a.pickle(NATIVE_KEY));
        assertThrows(IllegalStateException.class, a::oneTimeKeys);
        assertThrows(IllegalStateException.class, () -> a.newOutboundSession("a", "b"));
        assertThrows(IllegalStateException.class, () -> a.newInboundSession(null, new OlmMessage(0, "AAAA")));
        assertThrows(IllegalStateException.class, () -> s.encrypt(utf8("m")));
        assertThrows(IllegalStateException.class, s::sessionId);
        assertThrows(IllegalStateException.class, o::sessionKey);
        assertThrows(IllegalStateException.class, () -> i.decrypt("AAAA"));
        assertThrows(IllegalStateException.class, d::privateKey);
        assertThrows(IllegalStateException.class, () -> e.encrypt(utf8("m")));
        assertThrows(IllegalStateException.class, g::seed);
        assertThrows(IllegalStateException.class, sas::publicKey);
        assertThrows(IllegalStateException.class, () -> LibolmCompat.describe(s));
        /* ABI 1.1 and 1.2. */
        assertThrows(IllegalStateException.class, () -> a.toDehydratedDevice(new byte[32]));
        assertThrows(IllegalStateException.class,
                () -> a.newOutboundSession("a", "b", SessionConfig.V2));
        assertThrows(IllegalStateException.class,
                () -> a.newInboundSession(null, new OlmMessage(0, "AAAA"), SessionConfig.V2));
        assertThrows(IllegalStateException.class, s::config);
        assertThrows(IllegalStateException.class, o::config);
        assertThrows(IllegalStateException.class, i::config);
        assertThrows(IllegalStateException.class, i::export);
        assertThrows(IllegalStateException.class, i::exportBytes);
        assertThrows(IllegalStateException.class, () -> i.advanceTo(1));
        assertThrows(IllegalStateException.class, () -> i.setReplayDetection(true));
        assertThrows(IllegalStateException.class, i::replayDetection);
        /* A closed session on either side of a two-session call. */
        assertThrows(IllegalStateException.class, () -> i.compare(j));
        assertThrows(IllegalStateException.class, () -> j.compare(i));
        assertThrows(IllegalStateException.class, () -> i.merge(j));
        assertThrows(IllegalStateException.class, () -> j.merge(i));
        assertEquals(SessionOrdering.EQUAL, j.compare(j));
        j.close();
        assertThrows(IllegalStateException.class, ec::publicKey);
        assertThrows(IllegalStateException.class, () -> ec.establishOutbound("a", utf8("m")));
        assertThrows(IllegalStateException.class, () -> ec.establishInbound("a"));
        assertThrows(IllegalStateException.class, ec::checkCode);
        assertThrows(IllegalStateException.class, ec::checkCodeBytes);
        assertThrows(IllegalStateException.class, () -> ec.encrypt(utf8("m")));
        assertThrows(IllegalStateException.class, () -> ec.decrypt("a"));
    }

    /** Unclosed objects are freed by the safety net once collected. */
    @Test
    void safetyNetFreesCollectedObjects() throws InterruptedException {
        long before = NativeObject.reclaimedCount();
        for (int i = 0; i < 50; i++) {
            new OutboundGroupSession().encrypt(utf8("dropped"));
        }
        long deadline = System.currentTimeMillis() + 10000;
        while (NativeObject.reclaimedCount() - before < 50 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
            Cliquet.reclaim();
        }
        assertTrue(NativeObject.reclaimedCount() - before >= 50,
                "freed " + (NativeObject.reclaimedCount() - before) + " of 50");
    }

    /** One object shared by threads: calls run one at a time, none lost. */
    @Test
    void sharedObjectSerialisesCalls() throws Exception {
        final OutboundGroupSession out = new OutboundGroupSession();
        final InboundGroupSession in = new InboundGroupSession(out.sessionKey());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<Future<String>>();
            for (int t = 0; t < 4; t++) {
                final int id = t;
                results.add(pool.submit(new Callable<String>() {
                    @Override
                    public String call() {
                        for (int k = 0; k < 25; k++) {
                            String m = out.encrypt(utf8(id + ":" + k));
                            if (!in.decrypt(m).text().equals(id + ":" + k)) {
                                return "mismatch";
                            }
                        }
                        return "ok";
                    }
                }));
            }
            for (Future<String> f : results) {
                assertEquals("ok", f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(100, out.messageIndex());
        } finally {
            pool.shutdown();
            out.close();
            in.close();
        }
    }

    /** Every Status constant carries the name the C library gives its number. */
    @Test
    void statusNamesMatchTheCLibrary() {
        for (Status s : Status.values()) {
            if (s != Status.UNKNOWN) {
                assertEquals(s.cName(), Native.statusName(s.code()));
            }
        }
        /* ...and every code the C library names has a constant here. */
        for (int code = 1; code < 200; code++) {
            String name = Native.statusName(code);
            if (!name.equals("CLIQUET_ERR_UNKNOWN")) {
                assertEquals(name, new CliquetException(code, name).status().cName());
            }
        }
        assertEquals(Status.UNKNOWN, new CliquetException(999, "X").status());
        assertEquals("CLIQUET_ERR_UNKNOWN", Native.statusName(999));
    }
}
