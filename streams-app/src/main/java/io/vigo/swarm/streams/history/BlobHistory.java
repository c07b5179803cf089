package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.BlobChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How many envoys of this partition held and downloaded each blob over time (SPEC §12 filecast
 * history): key {@code sha, moment} (big-endian), value the change of that millisecond. A blob's
 * count at T is the sum of its changes up to T, on every partition. When a blob's changes reach
 * past the horizon, the older ones are folded into one at moment 0, so the sums stay whole.
 */
public final class BlobHistory {

    private static final long FOLD_EVERY_MS = java.time.Duration.ofHours(1).toMillis();

    private final KeyValueStore<Bytes, BlobChange> store;
    private final long horizonMs;
    /**
     * What this processor instance remembers of the blobs it wrote last (a bounded memo, the least
     * recently written forgotten first: a fleet's blobs come and go, so a map of every sha ever
     * written would only grow): the newest moment it wrote for the blob, so that a change at a
     * later moment, a new key, is written without reading it first; and when it last folded the
     * blob's old changes. A blob forgotten is read once and folded once more when it comes back.
     */
    private final Map<String, Memo> memo = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Memo> eldest) {
            return size() > REMEMBERED;
        }
    };
    private static final int REMEMBERED = 16_384;

    private static final class Memo {
        long newestWrittenMs;
        long foldedAtMs;

        Memo(long newestWrittenMs, long foldedAtMs) {
            this.newestWrittenMs = newestWrittenMs;
            this.foldedAtMs = foldedAtMs;
        }
    }

    public BlobHistory(KeyValueStore<Bytes, BlobChange> store, java.time.Duration horizon) {
        this.store = store;
        this.horizonMs = horizon.toMillis();
    }

    /** One envoy's record of the blob changed at {@code atMs}: holders and downloaders move by these. */
    public void add(String sha, long atMs, int holders, int downloaders) {
        if (horizonMs == 0 || holders == 0 && downloaders == 0) { // history off, or no change of the counts
            return;
        }
        Bytes key = key(sha, atMs);
        Memo known = memo.get(sha);
        BlobChange held = known != null && atMs > known.newestWrittenMs ? null : store.get(key);
        store.put(key, held == null ? new BlobChange(holders, downloaders)
                : new BlobChange(held.getHolders() + holders, held.getDownloaders() + downloaders));
        if (known == null) {
            foldOlderThan(sha, atMs - horizonMs);
            memo.put(sha, new Memo(atMs, atMs));
            return;
        }
        known.newestWrittenMs = Math.max(known.newestWrittenMs, atMs);
        if (atMs - known.foldedAtMs > FOLD_EVERY_MS) {
            foldOlderThan(sha, atMs - horizonMs);
            known.foldedAtMs = atMs;
        }
    }

    /** One millisecond's change of a blob's counts on one partition. */
    public record Change(long atMs, int holders, int downloaders) {
    }

    /** The blob's changes on this partition up to {@code toMs}, oldest first (a folded past at moment 0). */
    public static List<Change> read(ReadOnlyKeyValueStore<Bytes, BlobChange> store, String sha, long toMs) {
        List<Change> changes = new ArrayList<>();
        try (KeyValueIterator<Bytes, BlobChange> it = store.range(key(sha, 0), key(sha, toMs))) {
            it.forEachRemaining(e -> changes.add(new Change(moment(e.key), e.value.getHolders(), e.value.getDownloaders())));
        }
        return changes;
    }

    private void foldOlderThan(String sha, long cutoffMs) {
        if (cutoffMs <= 1) {
            return;
        }
        List<KeyValue<Bytes, BlobChange>> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, BlobChange> it = store.range(key(sha, 1), key(sha, cutoffMs - 1))) {
            it.forEachRemaining(old::add);
        }
        if (old.isEmpty()) {
            return;
        }
        Bytes base = key(sha, 0);
        BlobChange sum = store.get(base);
        int holders = sum == null ? 0 : sum.getHolders();
        int downloaders = sum == null ? 0 : sum.getDownloaders();
        for (KeyValue<Bytes, BlobChange> change : old) {
            holders += change.value.getHolders();
            downloaders += change.value.getDownloaders();
            store.delete(change.key);
        }
        store.put(base, new BlobChange(holders, downloaders));
    }

    private static Bytes key(String sha, long atMs) {
        byte[] name = sha.getBytes(StandardCharsets.US_ASCII);
        return Bytes.wrap(ByteBuffer.allocate(name.length + Long.BYTES).put(name).putLong(Math.max(0, atMs)).array());
    }

    private static long moment(Bytes key) {
        byte[] bytes = key.get();
        return ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
    }
}
