/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every class holding a C object shares: the handle, close, and the
 * safety net.
 *
 * <p><b>close()</b> frees the C object, which wipes it first; a closed object
 * refuses every call with {@link IllegalStateException}. Closing twice does
 * nothing.
 *
 * <p><b>The safety net</b> is for objects that are never closed. Java 8 and
 * Android before API 33 have no {@code java.lang.ref.Cleaner}, so each object
 * has a {@link PhantomReference} on a queue; the next object made (by any
 * thread) frees, and so wipes, the C objects whose Java objects the collector
 * found unreachable. There is no thread of our own; {@link Cliquet#reclaim()}
 * drains the queue on demand. Closing explicitly stays the rule: a collector
 * may run late or never.
 *
 * <p><b>Threads</b>: every public method of a subclass is {@code synchronized}
 * on the object, so one object may be shared between threads and its calls
 * run one at a time (cliquet's rule: one thread per object at a time).
 * Different objects run in parallel. A method that uses two objects locks one
 * at a time, except LibolmCompat.removeOneTimeKey (the session's lock, then
 * the account's: no path takes them in the other order) and
 * InboundGroupSession's compare and merge, which read two sessions at once
 * and take both locks in the order of the objects' creation serials
 * ({@link #withBoth}), so two threads calling a.merge(b) and b.merge(a)
 * cannot deadlock.
 */
public abstract class NativeObject implements AutoCloseable {
    private static final ReferenceQueue<NativeObject> QUEUE = new ReferenceQueue<NativeObject>();
    /* Keeps the references themselves reachable until they are released. */
    private static final Set<Ref> LIVE = Collections.synchronizedSet(new HashSet<Ref>());
    private static final AtomicLong RECLAIMED = new AtomicLong();
    private static final AtomicLong SERIALS = new AtomicLong();

    /** A C object to free when its Java object is closed or collected. */
    private static final class Ref extends PhantomReference<NativeObject> {
        private final int kind;
        private long handle;

        Ref(NativeObject owner, int kind, long handle) {
            super(owner, QUEUE);
            this.kind = kind;
            this.handle = handle;
        }

        /** Frees the C object once, whoever asks first. */
        synchronized boolean release() {
            if (handle == 0) {
                return false;
            }
            Native.free(kind, handle);
            handle = 0;
            LIVE.remove(this);
            clear();
            return true;
        }
    }

    private long handle;
    private final Ref ref;
    /* The order in which withBoth takes locks: unique, fixed for life. */
    private final long serial = SERIALS.incrementAndGet();

    /** A call that needs two objects' locks at once (see {@link #withBoth}). */
    interface Both<T> {
        T call();
    }

    /**
     * Runs call holding the locks of a and b (one lock when they are the same
     * object), the older object's first: one global order, so no deadlock.
     */
    static <T> T withBoth(NativeObject a, NativeObject b, Both<T> call) {
        NativeObject first = a.serial <= b.serial ? a : b;
        NativeObject second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                return call.call();
            }
        }
    }

    NativeObject(int kind, long handle) {
        if (handle == 0) {
            /* The glue returns 0 only with an exception thrown. */
            throw new IllegalStateException("no C object");
        }
        drainQueue();
        this.handle = handle;
        this.ref = new Ref(this, kind, handle);
        LIVE.add(ref);
    }

    /** Frees what the collector found; returns how many C objects it freed. */
    static int drainQueue() {
        int n = 0;
        Ref r;
        while ((r = (Ref) QUEUE.poll()) != null) {
            if (r.release()) {
                n++;
            }
        }
        RECLAIMED.addAndGet(n);
        return n;
    }

    /** How many C objects the safety net has freed so far (for tests). */
    static long reclaimedCount() {
        return RECLAIMED.get();
    }

    /** The C object; {@link IllegalStateException} once closed. Call with the lock held. */
    final long handle() {
        if (handle == 0) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        return handle;
    }

    /** Frees and wipes the C object. Idempotent. */
    @Override
    public final synchronized void close() {
        if (handle != 0) {
            handle = 0;
            ref.release();
        }
    }

    /** True once {@link #close()} has run. */
    public final synchronized boolean isClosed() {
        return handle == 0;
    }
}
