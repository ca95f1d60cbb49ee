/*
 * JNI overhead: the operations of jni_bench.c, through org.cliquet. Prints
 * "name ns_per_op" lines; binding.mk's java-bench puts them beside C's.
 * SPDX-License-Identifier: Apache-2.0
 */
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import org.cliquet.Account;
import org.cliquet.InboundGroupSession;
import org.cliquet.OlmMessage;
import org.cliquet.OutboundGroupSession;
import org.cliquet.Session;
import org.cliquet.Utility;

public final class JniBench {
    private JniBench() {
    }

    interface Op {
        void run(int n);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /*
     * Best of 7 timed runs of n operations, after warm-up (the JIT), in this
     * thread's CPU time (as the C side): on a loaded machine wall time
     * measures the other processes.
     */
    static double nsPerOp(Op op, int n) {
        op.run(n);
        op.run(n);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 7; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            op.run(n);
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) / (double) n);
        }
        return best;
    }

    public static void main(String[] args) {
        final byte[] plaintext = new byte[256];
        Arrays.fill(plaintext, (byte) 'x');

        /* A call with almost no work: the fixed cost of crossing JNI. */
        final byte[] small = new byte[32];
        System.out.printf("sha256_32 %.0f%n", nsPerOp(new Op() {
            @Override
            public void run(int n) {
                for (int i = 0; i < n; i++) {
                    Utility.sha256(small);
                }
            }
        }, 50000));

        try (OutboundGroupSession out = new OutboundGroupSession()) {
            final InboundGroupSession in = new InboundGroupSession(out.sessionKey());
            final String message = out.encrypt(plaintext);
            System.out.printf("megolm_decrypt_256 %.0f%n", nsPerOp(new Op() {
                @Override
                public void run(int n) {
                    for (int i = 0; i < n; i++) {
                        in.decrypt(message);
                    }
                }
            }, 500));
            in.close();
        }

        try (Account alice = new Account(); Account bob = new Account()) {
            bob.generateOneTimeKeys(1);
            final Session a = alice.newOutboundSession(bob.identityKeys().curve25519(),
                    bob.oneTimeKeys().get(0).key());
            final Session b = bob.newInboundSession(null, a.encrypt(plaintext)).session();
            System.out.printf("olm_ping_pong_256 %.0f%n", nsPerOp(new Op() {
                @Override
                public void run(int n) {
                    for (int i = 0; i < n; i++) {
                        OlmMessage m = a.encrypt(plaintext);
                        b.decrypt(m);
                        OlmMessage r = b.encrypt(plaintext);
                        a.decrypt(r);
                    }
                }
            }, 100));
            a.close();
            b.close();
        }
    }
}
