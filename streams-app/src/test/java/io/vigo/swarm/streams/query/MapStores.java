package io.vigo.swarm.streams.query;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's store partitions as sorted maps, for query-layer unit tests: a partition that
 * was never {@link #put} is not owned here (read as null), as a moved partition reads.
 */
public final class MapStores implements LocalStores {

    private final int partitions;
    private final Map<String, Map<Integer, NavigableMap<Object, Object>>> stores = new HashMap<>();

    public MapStores(int partitions) {
        this.partitions = partitions;
    }

    /** Makes {@code store}'s {@code partition} owned here (empty if nothing is put into it). */
    public MapStores own(String store, int partition) {
        stores.computeIfAbsent(store, s -> new HashMap<>()).computeIfAbsent(partition, p -> new TreeMap<>());
        return this;
    }

    public MapStores put(String store, int partition, Object key, Object value) {
        own(store, partition);
        stores.get(store).get(partition).put(key, value);
        return this;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> ReadOnlyKeyValueStore<K, V> partition(String storeName, int partition) {
        NavigableMap<Object, Object> map = stores.getOrDefault(storeName, Map.of()).get(partition);
        return map == null ? null : new MapStore<>((NavigableMap<K, V>) (NavigableMap<?, ?>) map);
    }

    @Override
    public int partitionOf(String storeName, String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private record MapStore<K, V>(NavigableMap<K, V> map) implements ReadOnlyKeyValueStore<K, V> {
        @Override
        public V get(K key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            return iterator(map.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<K, V> all() {
            return iterator(map);
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static <K, V> KeyValueIterator<K, V> iterator(NavigableMap<K, V> entries) {
            Iterator<Map.Entry<K, V>> it = new TreeMap<>(entries).entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<K, V> next() {
                    Map.Entry<K, V> entry = it.next();
                    return KeyValue.pair(entry.getKey(), entry.getValue());
                }

                @Override
                public void close() {
                }

                @Override
                public K peekNextKey() {
                    throw new UnsupportedOperationException("not used by the views");
                }
            };
        }
    }
}
