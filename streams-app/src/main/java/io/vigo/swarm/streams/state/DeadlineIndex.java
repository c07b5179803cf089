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
 */
public final class DeadlineIndex {

    private final KeyValueStore<Bytes, String> store;
    /** Every entry with a deadline below this has been taken (0: not known yet, scan from the first key). */
    private long sweptBelow;

    public DeadlineIndex(KeyValueStore<Bytes, String> store) {
        this.store = store;
    }

    public void put(long deadlineMs, String id) {
        store.put(Keys.deadline(deadlineMs, id), id);
        sweptBelow = Math.min(sweptBelow, deadlineMs);
    }

    public void delete(long deadlineMs, String id) {
        store.delete(Keys.deadline(deadlineMs, id));
    }

    /** Removes and returns every entry due by {@code now}, earliest first. */
    public List<KeyValue<Bytes, String>> takeDue(long now) {
        List<KeyValue<Bytes, String>> due = new ArrayList<>();
        if (now < sweptBelow) {
            return due;
        }
        try (KeyValueIterator<Bytes, String> it = store.range(bound(sweptBelow), bound(now + 1))) {
            it.forEachRemaining(due::add);
        }
        due.forEach(entry -> store.delete(entry.key));
        sweptBelow = now + 1;
        return due;
    }

    /** The smallest key with this deadline: the time alone, which sorts before every key that adds an id (ids are never empty). */
    private static Bytes bound(long deadlineMs) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, deadlineMs)).array());
    }
}
