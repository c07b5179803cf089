package io.vigo.swarm.streams.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store keyed by {@link Keys#deadline} (big-endian time first), walked in key order by a
 * punctuator: only the entries that are due are read, however large the index.
 *
 * <p>Each sweep starts where the previous one ended, not at the first key: the entries a sweep
 * takes are deleted, and RocksDB would otherwise step over every tombstone they left at the front
 * of the keyspace on every tick until a compaction removes them (a queue is RocksDB's worst
 * pattern). The start is kept in memory: a new processor instance (start, rebalance, restore
 * after an aborted transaction) begins at the first key once, and a put below the start moves it
 * back, so no entry is ever skipped.
 *
 * <p>One {@link #takeDue} returns at most {@link #MOST_PER_SWEEP} entries; the rest wait for the
 * next call (a sweep whose entries are mostly cheap to act on may call again: the liveness sweep
 * does, until it has turned that many envoys offline). What a sweep takes is acted on inside the
 * stream thread's open transaction, which the broker aborts
 * (fencing the thread: a rebalance and a restore of its tasks) once it is older than Kafka
 * Streams' 10 s transaction timeout. Unbounded, the sweep after a catch-up at 300,000 envoys found
 * a partition's whole fleet due at once (every envoy silent while the backlog was read) and spent
 * longer than that turning 50,000 envoys offline in one punctuation: the app was fenced, restored
 * for minutes, and was fenced again (BENCHMARKS.md).
 */
public final class DeadlineIndex {

    private final KeyValueStore<Bytes, String> store;
    /**
     * The most entries one sweep takes. Acting on one (an envoy turned offline with its history, a
     * task expired) costs 0.1-0.3 ms here (the bench's departure phase), so a task's sweep stays
     * well under a second however many fall due at once, and at one sweep per 250 ms tick a task
     * can still turn 2,000 envoys offline a second.
     */
    public static final int MOST_PER_SWEEP = 500;

    /** Every entry with a deadline below this has been taken (0: not known yet, scan from the first key). */
    private long sweptBelow;

    public DeadlineIndex(KeyValueStore<Bytes, String> store) {
        this.store = store;
    }

    public void put(long deadlineMs, String id) {
        store.put(Keys.deadline(deadlineMs, id), id);
        sweptBelow = Math.min(sweptBelow, deadlineMs);
    }

    /** Removes every entry: the start of a rebuild, for an index derived from another store. */
    public void clear() {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = store.all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
        sweptBelow = 0;
    }

    public void delete(long deadlineMs, String id) {
        store.delete(Keys.deadline(deadlineMs, id));
    }

    /** Removes and returns the entries due by {@code now}, earliest first: at most {@link #MOST_PER_SWEEP}. */
    public List<KeyValue<Bytes, String>> takeDue(long now) {
        return takeDue(now, MOST_PER_SWEEP);
    }

    /** Removes and returns at most {@code most} of the entries due by {@code now}, earliest first. */
    public List<KeyValue<Bytes, String>> takeDue(long now, int most) {
        List<KeyValue<Bytes, String>> due = new ArrayList<>();
        if (now < sweptBelow) {
            return due;
        }
        try (KeyValueIterator<Bytes, String> it = store.range(bound(sweptBelow), bound(now + 1))) {
            while (due.size() < most && it.hasNext()) {
                due.add(it.next());
            }
        }
        due.forEach(entry -> store.delete(entry.key));
        // Entries with the last deadline taken may remain (the same time, a later id): the next sweep starts at it.
        sweptBelow = due.size() < most ? now + 1 : Keys.deadlineOf(due.get(due.size() - 1).key);
        return due;
    }

    /** The smallest key with this deadline: the time alone, which sorts before every key that adds an id (ids are never empty). */
    private static Bytes bound(long deadlineMs) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, deadlineMs)).array());
    }
}
