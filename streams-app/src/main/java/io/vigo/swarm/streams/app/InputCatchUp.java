package io.vigo.swarm.streams.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether this instance has processed an input partition as far as it stood when the partition
 * came here. Under exactly-once a store restored from its changelog holds only what the previous
 * owner committed, while that owner's queries showed its uncommitted writes too; if it was killed,
 * those writes were aborted and the input behind them is processed again here. Until then the
 * store is whole (no changelog lag) but behind what operators already saw.
 *
 * <p>The target of an input partition is fixed the first time it is checked after a rebalance:
 * one past its last committed data record. Not simply its end offset: operator writes are
 * transactional, and a commit marker at the end is never processed, so the group's committed
 * offset would never reach it. The group's committed offsets show progress, because a commit
 * moves them only with the transaction that applied the records to the stores.
 */
public final class InputCatchUp implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final String applicationId;
    private final KafkaConsumer<byte[], byte[]> peek;
    private final Map<TopicPartition, Long> targets = new HashMap<>();

    public InputCatchUp(Admin admin, String applicationId, String bootstrapServers) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.peek = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-catch-up-peek",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Partitions move in a rebalance: every target is taken again. */
    public void reset() {
        targets.clear();
    }

    /**
     * Of {@code inputs} (each a set of input partitions, keyed by anything), the keys whose inputs
     * are all processed up to their targets.
     *
     * @throws CatchUpUnknownException when the broker did not answer in time
     */
    public <K> Set<K> caughtUp(Map<K, Set<TopicPartition>> inputs) {
        Set<TopicPartition> all = new HashSet<>();
        inputs.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return Set.of();
        }
        Map<TopicPartition, Long> committed = committed();
        Set<TopicPartition> untargeted = new HashSet<>(all);
        untargeted.removeAll(targets.keySet());
        if (!untargeted.isEmpty()) {
            targets.putAll(targetsOf(untargeted, committed));
        }
        Set<K> done = new HashSet<>();
        inputs.forEach((key, partitions) -> {
            if (partitions.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) >= targets.get(tp))) {
                done.add(key);
            }
        });
        return done;
    }

    private Map<TopicPartition, Long> committed() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    committed.put(tp, offset.offset());
                }
            });
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatchUpUnknownException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new CatchUpUnknownException("the group's committed offsets: " + e.getMessage());
        }
    }

    /**
     * One past the last committed data record of each partition (0 when it has none). A partition
     * already committed up to its end needs no look; the others are read backwards from the end in
     * growing steps until a data record turns up or the log start is reached.
     */
    private Map<TopicPartition, Long> targetsOf(Set<TopicPartition> partitions, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Long> ends = peek.endOffsets(partitions, CALL_TIMEOUT); // read_committed: the stable end
        Map<TopicPartition, Long> begins = peek.beginningOffsets(partitions, CALL_TIMEOUT);
        Map<TopicPartition, Long> found = new HashMap<>();
        Map<TopicPartition, Long> open = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp);
            if (committed.getOrDefault(tp, 0L) >= end) {
                found.put(tp, end); // processed to the end already
            } else if (begins.get(tp) >= end) {
                found.put(tp, 0L); // nothing left in the log to process
            } else {
                open.put(tp, end);
            }
        }
        for (long back = 1; !open.isEmpty(); back *= 16) {
            Map<TopicPartition, Long> from = new HashMap<>();
            for (Map.Entry<TopicPartition, Long> e : open.entrySet()) {
                from.put(e.getKey(), Math.max(begins.get(e.getKey()), e.getValue() - back));
            }
            Map<TopicPartition, Long> last = lastRecords(from, open);
            for (TopicPartition tp : List.copyOf(open.keySet())) {
                if (last.containsKey(tp)) {
                    found.put(tp, last.get(tp) + 1);
                    open.remove(tp);
                } else if (from.get(tp) <= begins.get(tp)) {
                    found.put(tp, 0L); // markers and aborted records only: nothing to process
                    open.remove(tp);
                }
            }
        }
        return found;
    }

    /** The offset of the last data record in [from, end) of each partition that has one. */
    private Map<TopicPartition, Long> lastRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        peek.assign(from.keySet());
        from.forEach(peek::seek);
        Map<TopicPartition, Long> last = new HashMap<>();
        Instant deadline = Instant.now().plus(CALL_TIMEOUT);
        while (!reachedEnds(from.keySet(), ends)) {
            if (Instant.now().isAfter(deadline)) {
                throw new CatchUpUnknownException("reading the input partitions' last records timed out");
            }
            for (ConsumerRecord<byte[], byte[]> record : peek.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(tp)) {
                    last.merge(tp, record.offset(), Math::max);
                }
            }
        }
        peek.assign(List.of());
        return last;
    }

    private boolean reachedEnds(Collection<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(tp -> peek.position(tp, CALL_TIMEOUT) >= ends.get(tp));
    }

    @Override
    public void close() {
        peek.close();
    }

    /** The broker did not answer: whether the input is processed is not known yet. */
    public static final class CatchUpUnknownException extends RuntimeException {
        CatchUpUnknownException(String message) {
            super(message);
        }
    }
}
