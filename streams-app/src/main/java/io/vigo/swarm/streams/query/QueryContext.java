package io.vigo.swarm.streams.query;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What every view reads with: this instance's stores, the other instances (fleet-wide partial
 * queries, keyed forwarding), the input lag an answer reports, and the clock that stamps it.
 */
record QueryContext(LocalStores stores, Partials partials, KeyRouter router, LongSupplier inputLag, Clock clock, CheckInLog checkIns) {

    /** An instance that answers alone (every partition is its own), without a topic to read check-ins back from. */
    static QueryContext alone(LocalStores stores, LongSupplier inputLag, Clock clock) {
        return new QueryContext(stores, Partials.alone(stores), new KeyRouter(KeyRouter.ALWAYS_LOCAL), inputLag, clock, CheckInLog.NONE);
    }

    Instant now() {
        return clock.instant();
    }

    long lag() {
        return inputLag.getAsLong();
    }

    /** A partition of a store that a partial read needs beside the one it was asked about; gone means moved meanwhile. */
    <K, V> ReadOnlyKeyValueStore<K, V> sibling(String store, int partition) {
        ReadOnlyKeyValueStore<K, V> readable = stores.partition(store, partition);
        if (readable == null) {
            throw new InvalidStateStoreException("partition " + partition + " of " + store + " moved while being read");
        }
        return readable;
    }

    /** A fleet-wide answer needs at least one partition; none means the views are not up yet. */
    static void requireAnyPartition(Map<Integer, ?> answered) {
        if (answered.isEmpty()) {
            throw new ViewsUnavailableException("the views are not ready yet (restoring or rebalancing)");
        }
    }
}
