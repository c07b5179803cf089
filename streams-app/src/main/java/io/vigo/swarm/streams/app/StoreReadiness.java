package io.vigo.swarm.streams.app;

import io.vigo.swarm.streams.query.PartitionedStores;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
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
 *
 * <p>Confirming asks the brokers (changelog end offsets, the group's committed offsets), so it
 * runs on the app's sampler thread ({@link #refresh}), never on a request: requests read an
 * immutable set of confirmed partitions and return at once.
 */
final class StoreReadiness implements StateRestoreListener, PartitionedStores.Trust {

    /** What a confirmation pass asks Kafka; over {@link KafkaStreams} and {@link InputCatchUp} in the app. */
    interface Probe {
        /** Changelog offset lag of every local store partition: store → partition → lag. */
        Map<String, Map<Integer, Long>> changelogLags();

        /** The input partitions of this instance's active tasks, for the given task partitions. */
        Map<Integer, Set<TopicPartition>> activeInputs(Set<Integer> partitions);

        /** The task partitions that have processed their inputs as far as they stood at the move. */
        Set<Integer> caughtUp(Map<Integer, Set<TopicPartition>> inputs);

        /** Catch-up targets are taken afresh after a rebalance. */
        void newTargets();
    }

    private static final Logger log = LoggerFactory.getLogger(StoreReadiness.class);

    private final Probe probe;
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    /** Changelog records each restoring store partition has yet to restore, and the offset its restore ends at. */
    private final Map<String, Long> restoreRemaining = new ConcurrentHashMap<>();
    private final Map<String, Long> restoreEnds = new ConcurrentHashMap<>();
    /** Confirmed store partitions; replaced whole, never changed in place, so a request reads one snapshot. */
    private volatile Set<String> confirmed = Set.of();
    /** Set when something may have become confirmable (or unconfirmed); cleared when everything local is confirmed. */
    private volatile boolean pending = true;
    /** Counts rebalances; a pass that spans one must not confirm what it saw before. */
    private final AtomicLong rebalances = new AtomicLong();
    private long targetsTakenIn = -1;
    /** A pass runs at least this often even when nothing asked for one, so a missed event heals. */
    private static final long RECHECK_NANOS = 5_000_000_000L;
    private long lastPassNanos = System.nanoTime();

    StoreReadiness(Probe probe) {
        this.probe = probe;
    }

    /** The probe of a running app. */
    static Probe probe(KafkaStreams streams, InputCatchUp catchUp) {
        return new Probe() {
            @Override
            public Map<String, Map<Integer, Long>> changelogLags() {
                Map<String, Map<Integer, Long>> lags = new HashMap<>();
                streams.allLocalStorePartitionLags().forEach((store, partitions) ->
                        partitions.forEach((partition, lag) -> lags.computeIfAbsent(store, s -> new HashMap<>()).put(partition, lag.offsetLag())));
                return lags;
            }

            @Override
            public Map<Integer, Set<TopicPartition>> activeInputs(Set<Integer> partitions) {
                Map<Integer, Set<TopicPartition>> inputs = new HashMap<>();
                for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                    for (TaskMetadata task : thread.activeTasks()) {
                        if (partitions.contains(task.taskId().partition())) {
                            inputs.computeIfAbsent(task.taskId().partition(), p -> new HashSet<>()).addAll(task.topicPartitions());
                        }
                    }
                }
                return inputs;
            }

            @Override
            public Set<Integer> caughtUp(Map<Integer, Set<TopicPartition>> inputs) {
                return catchUp.caughtUp(inputs);
            }

            @Override
            public void newTargets() {
                catchUp.reset();
            }
        };
    }

    /**
     * Partitions move in a rebalance: nothing is trusted until confirmed again, against targets
     * taken afresh. Called on the stream thread; it waits at most for a snapshot swap, never for a pass's broker calls.
     */
    synchronized void rebalancing() {
        rebalances.incrementAndGet();
        confirmed = Set.of();
        pending = true;
    }

    /**
     * The rebalance is over and the tasks are running: the partitions it brought may be confirmable
     * now (an empty store is restored without restore events). Called on the stream thread.
     */
    void assignmentSettled() {
        pending = true;
    }

    boolean idle() {
        return restoring.isEmpty();
    }

    int restoringCount() {
        return restoring.size();
    }

    /** Changelog records the stores restoring now have yet to restore, summed. */
    long restoreRemaining() {
        return restoreRemaining.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public boolean trusted(String store, int partition) {
        String source = StoreNames.DERIVED_FROM.get(store);
        if (source != null) {
            return trusted(source, partition); // no changelog, so no lag of its own to judge
        }
        String key = key(store, partition);
        return confirmed.contains(key) && !restoring.contains(key);
    }

    /**
     * One confirmation pass, on the sampler thread: confirms the local store partitions that have
     * no changelog lag and whose active task has caught up with its input. While everything local
     * is confirmed it looks only every few seconds.
     */
    void refresh() {
        if (!pending && System.nanoTime() - lastPassNanos < RECHECK_NANOS) {
            return;
        }
        lastPassNanos = System.nanoTime();
        long rebalance = rebalances.get();
        if (targetsTakenIn != rebalance) {
            probe.newTargets();
            targetsTakenIn = rebalance;
        }
        try {
            Set<String> before = confirmed;
            Map<Integer, Set<String>> whole = new HashMap<>();
            Set<Integer> behind = new HashSet<>();
            for (Map.Entry<String, Map<Integer, Long>> store : probe.changelogLags().entrySet()) {
                for (Map.Entry<Integer, Long> lag : store.getValue().entrySet()) {
                    String key = key(store.getKey(), lag.getKey());
                    if (before.contains(key)) {
                        continue;
                    }
                    if (lag.getValue() == 0 && !restoring.contains(key)) {
                        whole.computeIfAbsent(lag.getKey(), p -> new HashSet<>()).add(key);
                    } else {
                        behind.add(lag.getKey());
                    }
                }
            }
            Set<Integer> seen = new HashSet<>(whole.keySet());
            seen.addAll(behind);
            // Only partitions of active tasks answer queries: a standby's copy is never confirmed or waited for.
            Map<Integer, Set<TopicPartition>> active = seen.isEmpty() ? Map.of() : probe.activeInputs(seen);
            whole.keySet().retainAll(active.keySet());
            Map<Integer, Set<TopicPartition>> inputs = new HashMap<>(active);
            inputs.keySet().retainAll(whole.keySet());
            Set<Integer> caughtUp = inputs.isEmpty() ? Set.of() : probe.caughtUp(inputs);
            boolean unconfirmedLeft = !caughtUp.containsAll(whole.keySet()) || behind.stream().anyMatch(active::containsKey);
            if (!caughtUp.isEmpty()) {
                confirm(rebalance, caughtUp, whole);
            }
            if (!unconfirmedLeft && rebalances.get() == rebalance) {
                pending = false;
            }
        } catch (RuntimeException e) {
            log.debug("store partitions not confirmed yet: {}", e.getMessage());
        }
    }

    /** Adds to the snapshot unless a rebalance came in between (then the pass's view is stale). */
    private synchronized void confirm(long rebalance, Set<Integer> caughtUp, Map<Integer, Set<String>> whole) {
        if (rebalances.get() != rebalance) {
            return;
        }
        Set<String> next = new HashSet<>(confirmed);
        caughtUp.forEach(partition -> next.addAll(whole.get(partition)));
        confirmed = Set.copyOf(next);
    }

    private synchronized void unconfirm(String key) {
        if (confirmed.contains(key)) {
            Set<String> next = new HashSet<>(confirmed);
            next.remove(key);
            confirmed = Set.copyOf(next);
        }
    }

    private static String key(String store, int partition) {
        return store + "|" + partition;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
        String key = key(store, partition.partition());
        restoring.add(key);
        restoreEnds.put(key, end);
        restoreRemaining.put(key, Math.max(0, end - start));
        unconfirm(key);
        pending = true;
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
        String key = key(store, partition.partition());
        Long end = restoreEnds.get(key);
        if (end != null) {
            restoreRemaining.put(key, Math.max(0, end - batchEnd));
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        forget(key(store, partition.partition()));
        pending = true;
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        forget(key(store, partition.partition()));
        pending = true;
    }

    private void forget(String key) {
        restoring.remove(key);
        restoreEnds.remove(key);
        restoreRemaining.remove(key);
    }
}
