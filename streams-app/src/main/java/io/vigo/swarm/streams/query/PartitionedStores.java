package io.vigo.swarm.streams.query;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a store partition by partition from this instance, so an answer knows exactly which
 * partitions it covers: a fleet-wide answer is complete only when every partition was read once.
 */
public final class PartitionedStores {

    private final KafkaStreams streams;
    private final int partitions;

    public PartitionedStores(KafkaStreams streams, int partitions) {
        this.streams = streams;
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** One result per partition this instance could read, by partition. */
    public <K, V, R> Map<Integer, R> perPartition(String storeName, BiFunction<Integer, ReadOnlyKeyValueStore<K, V>, R> read) {
        Map<Integer, R> results = new TreeMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            ReadOnlyKeyValueStore<K, V> store = partition(storeName, partition);
            if (store != null) {
                results.put(partition, read.apply(partition, store));
            }
        }
        return results;
    }

    /** The store of one partition if this instance actively owns it and it is ready, else null. */
    public <K, V> ReadOnlyKeyValueStore<K, V> partition(String storeName, int partition) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<K, V>keyValueStore())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }
}
