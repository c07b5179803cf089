package io.vigo.swarm.streams.query;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Read access to this instance's store partitions: what the queries need, and all they may touch. */
public interface LocalStores {

    /** Partitions of every store (they all share the input topics' partition count). */
    int partitions();

    /** One partition of a store if this instance actively owns it and it is ready, else null. */
    <K, V> ReadOnlyKeyValueStore<K, V> partition(String storeName, int partition);

    /** The partition holding {@code key} in a hostname- or sha-keyed store, or -1 while unknown. */
    int partitionOf(String storeName, String key);
}
