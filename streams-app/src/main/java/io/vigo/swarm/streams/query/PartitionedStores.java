package io.vigo.swarm.streams.query;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link LocalStores} through Kafka Streams' interactive queries, partition by partition, so an
 * answer knows exactly which partitions it covers. A store returned is for one request: it is
 * looked up when asked for ({@link ResolvedKeyValueStoreType}).
 */
public final class PartitionedStores implements LocalStores {

    /**
     * Whether a store partition holds whole, current state: not while it is restored (e.g. a
     * standby promoted after a failover) or still catching up with its input.
     */
    public interface Trust {
        boolean trusted(String store, int partition);
    }

    private final KafkaStreams streams;
    private final int partitions;
    private final Trust trust;

    public PartitionedStores(KafkaStreams streams, int partitions, Trust trust) {
        this.streams = streams;
        this.partitions = partitions;
        this.trust = trust;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public <K, V> ReadOnlyKeyValueStore<K, V> partition(String storeName, int partition) {
        if (!trust.trusted(storeName, partition)) {
            return null; // its state is not whole yet: answering from it would be a wrong total, not a partial one
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(storeName, new ResolvedKeyValueStoreType<K, V>())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    /**
     * Computed as the producers' default partitioner places the key (every store is partitioned as
     * its input topics, keyed by the same string), not asked of Kafka Streams' metadata, which
     * takes a lock and builds host sets on every call: an agent's task poll asked twice.
     */
    @Override
    public int partitionOf(String storeName, String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
