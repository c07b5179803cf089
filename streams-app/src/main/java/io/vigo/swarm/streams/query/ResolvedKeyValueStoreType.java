package io.vigo.swarm.streams.query;

import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * An interactive-query store type whose store is looked up once, when a query asks for it, and
 * then read directly. Kafka Streams' own key-value type returns a wrapper that looks the store up
 * again on every read, building its sets of tasks each time: a {@code swarm peers} page reads
 * 300 envoys, and without those lookups it takes three fifths less time (BENCHMARKS.md). Queries ask
 * for their stores per request ({@link PartitionedStores#partition}), so the lookup is as fresh as
 * the request; a store closed meanwhile (its partition moved) throws
 * {@link InvalidStateStoreException} on the next read, as the wrapper would. For the plain
 * (not timestamped) key-value stores this app builds, one partition at a time.
 */
final class ResolvedKeyValueStoreType<K, V> implements QueryableStoreType<ReadOnlyKeyValueStore<K, V>> {

    @Override
    public boolean accepts(StateStore store) {
        return store instanceof ReadOnlyKeyValueStore && !(store instanceof TimestampedKeyValueStore);
    }

    @Override
    public ReadOnlyKeyValueStore<K, V> create(StateStoreProvider provider, String storeName) {
        List<ReadOnlyKeyValueStore<K, V>> found = provider.stores(storeName, this);
        if (found.size() != 1) {
            throw new InvalidStateStoreException(storeName + ": " + found.size() + " local stores match one partition");
        }
        return new ReadOnly<>(found.get(0));
    }

    /** Only the reads of the store (what it is underneath can also write). */
    private record ReadOnly<K, V>(ReadOnlyKeyValueStore<K, V> store) implements ReadOnlyKeyValueStore<K, V> {

        @Override
        public V get(K key) {
            return store.get(key);
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<K, V> reverseRange(K from, K to) {
            return store.reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<K, V> all() {
            return store.all();
        }

        @Override
        public KeyValueIterator<K, V> reverseAll() {
            return store.reverseAll();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
            return store.prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }
}
