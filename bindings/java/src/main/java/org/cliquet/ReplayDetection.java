/*
 * cliquet Java binding. SPDX-License-Identifier: Apache-2.0
 */
package org.cliquet;

/**
 * The state of an inbound group session's replay record
 * ({@link InboundGroupSession#replayDetection()}): whether it is on, how
 * many message indices it holds (at most {@link #MAX_ENTRIES}) and how many
 * it has dropped, lowest index first, since it was turned on.
 */
public final class ReplayDetection {
    /** CLIQUET_MEGOLM_REPLAY_MAX_ENTRIES: a session's default rotation (100 messages) fits. */
    public static final int MAX_ENTRIES = 128;

    private final boolean on;
    private final int entries;
    private final long evicted;

    ReplayDetection(boolean on, int entries, long evicted) {
        this.on = on;
        this.entries = entries;
        this.evicted = evicted;
    }

    /** True while the session keeps a record. */
    public boolean isOn() {
        return on;
    }

    /** How many indices the record holds, 0 to {@link #MAX_ENTRIES}. */
    public int entries() {
        return entries;
    }

    /** How many indices the record has dropped since it was turned on (0 to 2^32 - 1). */
    public long evicted() {
        return evicted;
    }

    @Override
    public String toString() {
        return "ReplayDetection[on=" + on + ", entries=" + entries + ", evicted=" + evicted + "]";
    }
}
