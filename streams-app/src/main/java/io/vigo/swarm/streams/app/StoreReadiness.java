package io.vigo.swarm.streams.app;

import io.vigo.swarm.streams.query.PartitionedStores;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which store partitions may answer queries. A partition that just moved to this instance exists
 * (empty, or a standby's copy) before its restoration even starts, and once restored it holds only
 * what the previous owner committed. So it is trusted only when Kafka Streams reports no changelog
 * lag and its task has processed its input as far as it stood at the move ({@link InputCatchUp});
 * a restoration, or any rebalance, makes it untrusted again. Answering earlier would give a wrong
 * total that looks complete.
 */
final class StoreReadiness implements StateRestoreListener, PartitionedStores.Trust, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreReadiness.class);
    /** Queries ask once per store partition; the broker is asked at most this often. */
    private static final long CHECK_EVERY_NANOS = 50_000_000L;

    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final InputCatchUp catchUp;
    private volatile KafkaStreams streams;
    /** Counts rebalances; a check that spans one must not confirm what it saw before. */
    private final java.util.concurrent.atomic.AtomicLong rebalances = new java.util.concurrent.atomic.AtomicLong();
    private long targetsTakenIn = -1;
    private long lastCheck = System.nanoTime() - CHECK_EVERY_NANOS;

    StoreReadiness(InputCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    void attach(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Partitions move in a rebalance: nothing is trusted until confirmed again, against targets
     * taken afresh. Called on the stream thread, so it never waits for a check in progress.
     */
    void rebalancing() {
        rebalances.incrementAndGet();
        confirmed.clear();
    }

    boolean idle() {
        return restoring.isEmpty();
    }

    int restoringCount() {
        return restoring.size();
    }

    @Override
    public boolean trusted(String store, int partition) {
        String source = StoreNames.DERIVED_FROM.get(store);
        if (source != null) {
            return trusted(source, partition); // no changelog, so no lag of its own to judge
        }
        String key = key(store, partition);
        if (restoring.contains(key)) {
            return false;
        }
        if (confirmed.contains(key)) {
            return true;
        }
        confirm();
        return confirmed.contains(key);
    }

    /**
     * Confirms the local store partitions that have no changelog lag and whose active task has
     * caught up with its input.
     */
    private synchronized void confirm() {
        KafkaStreams current = streams;
        if (current == null || System.nanoTime() - lastCheck < CHECK_EVERY_NANOS) {
            return;
        }
        lastCheck = System.nanoTime();
        long rebalance = rebalances.get();
        if (targetsTakenIn != rebalance) {
            catchUp.reset();
            targetsTakenIn = rebalance;
        }
        try {
            Map<Integer, Set<String>> whole = new HashMap<>();
            for (Map.Entry<String, Map<Integer, LagInfo>> store : current.allLocalStorePartitionLags().entrySet()) {
                store.getValue().forEach((partition, lag) -> {
                    String key = key(store.getKey(), partition);
                    if (lag.offsetLag() == 0 && !restoring.contains(key) && !confirmed.contains(key)) {
                        whole.computeIfAbsent(partition, p -> new HashSet<>()).add(key);
                    }
                });
            }
            if (whole.isEmpty()) {
                return;
            }
            Map<Integer, Set<TopicPartition>> inputs = new HashMap<>();
            for (ThreadMetadata thread : current.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    if (whole.containsKey(task.taskId().partition())) {
                        inputs.computeIfAbsent(task.taskId().partition(), p -> new HashSet<>()).addAll(task.topicPartitions());
                    }
                }
            }
            Set<Integer> caughtUp = catchUp.caughtUp(inputs);
            if (rebalances.get() == rebalance) {
                caughtUp.forEach(partition -> confirmed.addAll(whole.get(partition)));
            }
        } catch (RuntimeException e) {
            log.debug("store partitions not confirmed yet: {}", e.getMessage());
        }
    }

    private static String key(String store, int partition) {
        return store + "|" + partition;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
        String key = key(store, partition.partition());
        confirmed.remove(key);
        restoring.add(key);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(store, partition.partition()));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(store, partition.partition()));
    }

    @Override
    public synchronized void close() {
        catchUp.close();
    }
}
