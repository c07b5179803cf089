package io.vigo.swarm.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionedStoresTest {

    @Test
    void aKeyIsLookedUpInThePartitionTheProducersDefaultPartitionerWroteItTo() {
        for (int partitions : new int[] {1, 6, 12}) {
            PartitionedStores stores = new PartitionedStores(null, partitions, (store, partition) -> true);
            for (int i = 0; i < 2_000; i++) {
                String key = i % 2 == 0 ? "host" + i + ".example" : Integer.toHexString(i).repeat(8);
                assertThat(stores.partitionOf("any-store", key)).as(key)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
