package io.vigo.swarm.streams.history;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * For each host of one task, a moment at or after its newest entry in the envoy-history store, so
 * that {@link HostHistory} writes a change in time order (nearly every change) without first
 * seeking the host's newest moment: that seek was three quarters of a history write once history
 * outgrew the block cache (`bin/vigo _bench-asof`: 32–38 µs a write at 32–64 entries per envoy,
 * 7.5–9.3 with this memo; BENCHMARKS.md).
 *
 * <p>Only ever too late, never too early: a host's moment is raised before its entry is written and
 * never lowered when entries are folded or removed, so a host that looks "late" here only takes the
 * slower path that reads the store, and the answer is the same. A host it does not know returns
 * {@link #UNKNOWN}, and the caller seeks.
 *
 * <p>Kept in two primitive arrays by a 64-bit hash of the hostname (open addressing, at most half
 * full), 32 to 64 bytes a host and no hostname: 2 MB for a task of 50,000 envoys (300,000 over six
 * partitions). Two hostnames with the same 64-bit hash (about one pair in 10^10 at 50,000 hosts a
 * task) share a moment, the greater of the two, so neither is read as earlier than it is — except
 * a host never written by this instance whose twin was: it takes the twin's moment for its own
 * instead of seeking. Forgotten all at once past {@link #MOST} hosts, so that a fleet whose
 * hostnames keep changing does not grow it for ever.
 */
final class NewestMoments {

    /** What {@link #get} returns for a host it does not know. */
    static final long UNKNOWN = Long.MIN_VALUE;
    /** Hosts remembered before the whole memo is forgotten and starts again. */
    static final int MOST = 1 << 20;

    private static final int FIRST_CAPACITY = 1 << 10;
    private static final long EMPTY = 0;

    private long[] hashes = new long[FIRST_CAPACITY];
    private long[] moments = new long[FIRST_CAPACITY];
    private int size;

    /** The moment remembered for {@code host}, or {@link #UNKNOWN}. */
    long get(String host) {
        long hash = hash(host);
        for (int slot = slot(hash, hashes.length); ; slot = (slot + 1) & (hashes.length - 1)) {
            if (hashes[slot] == hash) {
                return moments[slot];
            }
            if (hashes[slot] == EMPTY) {
                return UNKNOWN;
            }
        }
    }

    /** Remembers that {@code host} has an entry at {@code atMs}: its moment becomes at least that. */
    void raise(String host, long atMs) {
        if (size >= MOST) {
            clear();
        }
        if (2 * (size + 1) > hashes.length) {
            grow();
        }
        long hash = hash(host);
        int slot = slot(hash, hashes.length);
        while (hashes[slot] != EMPTY && hashes[slot] != hash) {
            slot = (slot + 1) & (hashes.length - 1);
        }
        if (hashes[slot] == EMPTY) {
            hashes[slot] = hash;
            moments[slot] = atMs;
            size++;
        } else {
            moments[slot] = Math.max(moments[slot], atMs);
        }
    }

    /** Forgets every host: each is sought again on its next write. */
    void clear() {
        hashes = new long[FIRST_CAPACITY];
        moments = new long[FIRST_CAPACITY];
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldMoments = moments;
        hashes = new long[oldHashes.length * 2];
        moments = new long[oldHashes.length * 2];
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] != EMPTY) {
                int slot = slot(oldHashes[i], hashes.length);
                while (hashes[slot] != EMPTY) {
                    slot = (slot + 1) & (hashes.length - 1);
                }
                hashes[slot] = oldHashes[i];
                moments[slot] = oldMoments[i];
            }
        }
    }

    /** Two independent 32-bit hashes of the name side by side; never {@link #EMPTY}. */
    static long hash(String host) {
        long hash = ((long) host.hashCode() << 32) | (Utils.murmur2(host.getBytes(StandardCharsets.UTF_8)) & 0xFFFF_FFFFL);
        return hash == EMPTY ? 1 : hash;
    }

    private static int slot(long hash, int capacity) {
        long mixed = hash * 0x9E37_79B9_7F4A_7C15L; // spreads both halves into the low bits the mask keeps
        return (int) (mixed >>> 40) & (capacity - 1);
    }
}
