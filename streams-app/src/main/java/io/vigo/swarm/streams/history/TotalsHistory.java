package io.vigo.swarm.streams.history;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One partition's rollup (fleet or manifest totals) as of any moment, in a store of its own.
 *
 * <p>Each change is kept as the difference it made, at the moment it took effect: the record's
 * timestamp, or for an envoy falling silent the exact moment the rule turned it offline (its
 * deadline), even though the sweep noticed it later. Differences add in any order, so a change
 * that arrives behind later ones (a sweep 250 ms late, a report stamped a little before a check-in
 * already processed) lands at its own moment, and an answer "as of T" is exactly the sum of the
 * changes that took effect at or before T. A check-in that changes no total adds nothing.
 *
 * <p>So that an answer does not add up the whole past, a checkpoint (the sum of every change up to
 * its moment) is written after every {@value #CHECKPOINT_EVERY} changes; an answer is one
 * checkpoint plus at most that many changes after it, and the late changes below.
 *
 * <p>A change older than the newest checkpoint (the sweep's offline decision stamped at a deadline
 * it noticed late, an envoy that was silent and returned) is also written as a <em>late</em>
 * entry, and checkpoints never include late entries until {@link #settle} adds them in: an answer
 * from a checkpoint adds the late entries at or before it. So a late change costs two writes
 * however far back it lands (patching every later checkpoint at once cost one write per checkpoint
 * and, at 100,000 envoys, kept a lagging app from catching up), and settling, once a minute with
 * the pruning, patches each checkpoint once for all the late changes of that minute, in one atomic
 * batch.
 *
 * <p>Keys: {@code 'C' + moment} (checkpoint), {@code 'D' + moment} (the changes at that
 * millisecond, added up), {@code 'L' + moment} (late changes not yet settled), and at most one {@code 'S' + moment}: where history starts when it does
 * not hold everything from the first event (the horizon was pruned, or the totals predate history).
 * Big-endian moments, so keys sort by time.
 */
public final class TotalsHistory<T> {

    public static final int CHECKPOINT_EVERY = 256;
    private static final byte CHECKPOINT = 'C';
    private static final byte CHANGE = 'D';
    private static final byte LATE = 'L';
    private static final byte START = 'S';

    private final KeyValueStore<Bytes, T> store;
    private final boolean kept;
    private final Totals<T> totals;
    /** Changes written since the newest checkpoint; -1 until counted (once per processor instance). */
    private int sinceCheckpoint = -1;
    /** The newest moment of any change held; Long.MIN_VALUE until read. */
    private long newest = Long.MIN_VALUE;
    /** The newest checkpoint's moment, so that only a change at or before it opens an iterator; -1: none. */
    private long newestCheckpoint = -1;

    public TotalsHistory(KeyValueStore<Bytes, T> store, Totals<T> totals) {
        this(store, totals, true);
    }

    /** @param kept false when history is off (a horizon of zero): nothing is written */
    public TotalsHistory(KeyValueStore<Bytes, T> store, Totals<T> totals, boolean kept) {
        this.store = store;
        this.totals = totals;
        this.kept = kept;
    }

    /** Adds one change, the difference it made to the totals, at the moment it took effect. */
    public void record(long atMs, T difference) {
        if (!kept || totals.isZero(difference)) {
            return;
        }
        if (sinceCheckpoint < 0) {
            countSinceCheckpoint();
        }
        if (atMs > newest) {
            store.put(key(CHANGE, atMs), difference); // the first change at a new moment: nothing to add to
        } else {
            add(key(CHANGE, atMs), difference);
        }
        if (atMs <= newestCheckpoint) {
            add(key(LATE, atMs), difference); // the checkpoints from this moment on do not hold it yet
        }
        newest = Math.max(newest, atMs);
        if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
            store.put(key(CHECKPOINT, newest), withoutLate(store, totals, checkpointAtOrBefore(store, newest), newest));
            newestCheckpoint = newest;
            sinceCheckpoint = 0;
        }
    }

    /**
     * Adds the late changes into the checkpoints at or after their moments and forgets them, in
     * one batch, so that no answer sees a late change counted twice or not at all.
     */
    public void settle() {
        if (!kept) {
            return;
        }
        java.util.TreeMap<Long, T> late = new java.util.TreeMap<>();
        try (KeyValueIterator<Bytes, T> it = store.range(key(LATE, 0), key(LATE, Long.MAX_VALUE))) {
            it.forEachRemaining(e -> late.put(moment(e.key), e.value));
        }
        if (late.isEmpty()) {
            return;
        }
        java.util.List<KeyValue<Bytes, T>> batch = new java.util.ArrayList<>();
        try (KeyValueIterator<Bytes, T> later = store.range(key(CHECKPOINT, late.firstKey()), key(CHECKPOINT, Long.MAX_VALUE))) {
            while (later.hasNext()) {
                KeyValue<Bytes, T> checkpoint = later.next();
                T patched = checkpoint.value;
                for (T difference : late.headMap(moment(checkpoint.key), true).values()) {
                    patched = totals.plus(patched, difference);
                }
                batch.add(KeyValue.pair(checkpoint.key, patched));
            }
        }
        late.keySet().forEach(atMs -> batch.add(KeyValue.pair(key(LATE, atMs), null)));
        store.putAll(batch);
    }

    private void add(Bytes key, T difference) {
        T held = store.get(key);
        store.put(key, held == null ? difference : totals.plus(held, difference));
    }

    /**
     * Before a history exists for totals that already do (a store that predates history): the
     * current totals become its first checkpoint, and history starts there.
     */
    public void startFrom(long atMs, T current) {
        if (!kept || totals.isZero(current)) {
            return;
        }
        try (KeyValueIterator<Bytes, T> any = store.all()) {
            if (any.hasNext()) {
                return; // history exists
            }
        }
        store.put(key(CHECKPOINT, atMs), current);
        newestCheckpoint = Math.max(newestCheckpoint, atMs);
        startAt(atMs);
    }

    /**
     * Forgets what is older than {@code cutoffMs}, keeping the newest checkpoint at or before it as
     * the base later answers start from; history then starts at that checkpoint.
     */
    public void pruneBefore(long cutoffMs) {
        settle();
        KeyValue<Bytes, T> base = checkpointAtOrBefore(store, cutoffMs);
        if (base == null) {
            return;
        }
        long baseMs = moment(base.key);
        java.util.List<Bytes> old = new java.util.ArrayList<>();
        try (KeyValueIterator<Bytes, T> it = store.range(key(CHECKPOINT, 0), key(CHECKPOINT, baseMs - 1))) {
            it.forEachRemaining(e -> old.add(e.key));
        }
        try (KeyValueIterator<Bytes, T> it = store.range(key(CHANGE, 0), key(CHANGE, baseMs))) {
            it.forEachRemaining(e -> old.add(e.key));
        }
        old.forEach(store::delete);
        if (!old.isEmpty()) {
            startAt(baseMs);
        }
    }

    /** The totals as of {@code atMs}: the newest checkpoint at or before it, the changes since, and the late changes it lacks. */
    public static <T> T asOf(ReadOnlyKeyValueStore<Bytes, T> store, Totals<T> totals, long atMs) {
        KeyValue<Bytes, T> base = checkpointAtOrBefore(store, atMs);
        T sum = withoutLate(store, totals, base, atMs);
        if (base != null) {
            try (KeyValueIterator<Bytes, T> late = store.range(key(LATE, 0), key(LATE, moment(base.key)))) {
                while (late.hasNext()) {
                    sum = totals.plus(sum, late.next().value);
                }
            }
        }
        return sum;
    }

    /** {@code base} (a checkpoint, or null: none) plus the changes after it up to {@code atMs}: all but the unsettled late changes. */
    private static <T> T withoutLate(ReadOnlyKeyValueStore<Bytes, T> store, Totals<T> totals, KeyValue<Bytes, T> base, long atMs) {
        T sum = base == null ? totals.zero() : base.value;
        long from = base == null ? 0 : moment(base.key) + 1;
        if (from > atMs) {
            return sum;
        }
        try (KeyValueIterator<Bytes, T> changes = store.range(key(CHANGE, from), key(CHANGE, atMs))) {
            while (changes.hasNext()) {
                sum = totals.plus(sum, changes.next().value);
            }
        }
        return sum;
    }

    /** Where the history in this store starts (0: at the first event). */
    public static <T> long start(ReadOnlyKeyValueStore<Bytes, T> store) {
        try (KeyValueIterator<Bytes, T> it = store.range(key(START, 0), key(START, Long.MAX_VALUE))) {
            return it.hasNext() ? moment(it.next().key) : 0;
        }
    }

    private void startAt(long atMs) {
        long held = start(store);
        if (held != atMs) {
            if (held > 0) {
                store.delete(key(START, held));
            }
            store.put(key(START, atMs), totals.zero());
        }
    }

    /** Once per processor instance: the newest checkpoint, and the changes written after it. */
    private void countSinceCheckpoint() {
        KeyValue<Bytes, T> last = checkpointAtOrBefore(store, Long.MAX_VALUE);
        newestCheckpoint = last == null ? -1 : moment(last.key);
        long from = last == null ? 0 : moment(last.key) + 1;
        int count = 0;
        long latest = last == null ? Long.MIN_VALUE : moment(last.key);
        try (KeyValueIterator<Bytes, T> it = store.range(key(CHANGE, from), key(CHANGE, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                latest = Math.max(latest, moment(it.next().key));
                count++;
            }
        }
        sinceCheckpoint = count;
        newest = Math.max(newest, latest);
    }

    private static <T> KeyValue<Bytes, T> checkpointAtOrBefore(ReadOnlyKeyValueStore<Bytes, T> store, long atMs) {
        try (KeyValueIterator<Bytes, T> it = store.reverseRange(key(CHECKPOINT, 0), key(CHECKPOINT, atMs))) {
            return it.hasNext() ? it.next() : null;
        }
    }

    private static Bytes key(byte kind, long atMs) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(kind).putLong(Math.max(0, atMs)).array());
    }

    private static long moment(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(1);
    }
}
