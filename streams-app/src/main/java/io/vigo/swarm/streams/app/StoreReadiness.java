package io.vigo.swarm.streams.app;

import io.vigo.swarm.streams.query.PartitionedStores;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which store partitions hold whole state and may answer queries. A partition that just moved to
 * this instance exists (empty, or a standby's copy) before its restoration even starts, so it is
 * not trusted until Kafka Streams reports it has no changelog lag; a restoration in progress, or
 * any rebalance, makes it untrusted again. Answering from such a store would give a wrong total
 * that looks complete.
 */
final class StoreReadiness implements StateRestoreListener, PartitionedStores.Restoring {

    private static final Logger log = LoggerFactory.getLogger(StoreReadiness.class);

    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private volatile KafkaStreams streams;

    void attach(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Partitions move in a rebalance: nothing is trusted until confirmed again. */
    void rebalancing() {
        confirmed.clear();
    }

    boolean idle() {
        return restoring.isEmpty();
    }

    int restoringCount() {
        return restoring.size();
    }

    @Override
    public boolean test(String store, int partition) {
        String key = store + "|" + partition;
        if (restoring.contains(key)) {
            return true;
        }
        if (confirmed.contains(key)) {
            return false;
        }
        confirmFromLags();
        return !confirmed.contains(key);
    }

    /** Asks Kafka Streams for every local store partition's changelog lag; those at zero are whole. */
    private synchronized void confirmFromLags() {
        KafkaStreams current = streams;
        if (current == null) {
            return;
        }
        try {
            for (Map.Entry<String, Map<Integer, LagInfo>> store : current.allLocalStorePartitionLags().entrySet()) {
                store.getValue().forEach((partition, lag) -> {
                    String key = store.getKey() + "|" + partition;
                    if (lag.offsetLag() == 0 && !restoring.contains(key)) {
                        confirmed.add(key);
                    }
                });
            }
        } catch (RuntimeException e) {
            log.debug("store lags not available yet: {}", e.getMessage());
        }
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
        String key = store + "|" + partition.partition();
        confirmed.remove(key);
        restoring.add(key);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + "|" + partition.partition());
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + "|" + partition.partition());
    }
}
