package io.vigo.swarm.streams.history;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The versions of one rarely changing value (the seeding allowlist), keyed by the moment each took
 * effect (big-endian, so keys sort by time): as of T is the newest version at or before T.
 */
public final class ValueHistory {

    private ValueHistory() {
    }

    public static <T> void put(KeyValueStore<Bytes, T> store, long atMs, T value) {
        store.put(key(atMs), value);
    }

    /** The version in effect at {@code atMs}, or null when there was none yet. */
    public static <T> T asOf(ReadOnlyKeyValueStore<Bytes, T> store, long atMs) {
        try (KeyValueIterator<Bytes, T> it = store.reverseRange(key(0), key(atMs))) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    /** Forgets the versions older than {@code cutoffMs}, except the one still in effect then. */
    public static <T> void pruneBefore(KeyValueStore<Bytes, T> store, long cutoffMs) {
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, T> it = store.range(key(0), key(cutoffMs))) {
            it.forEachRemaining(e -> old.add(e.key));
        }
        if (old.size() > 1) {
            old.subList(0, old.size() - 1).forEach(store::delete);
        }
    }

    private static Bytes key(long atMs) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, atMs)).array());
    }
}
