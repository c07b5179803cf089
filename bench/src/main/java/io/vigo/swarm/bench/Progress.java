package io.vigo.swarm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a Streams application has consumed the event topics: its group's committed offsets against the ends. */
final class Progress {

    private final Admin admin;
    private final List<String> topics;

    Progress(Admin admin, List<String> topics) {
        this.admin = admin;
        this.topics = topics;
    }

    /** Records on the topics (sum of end offsets; the publishers are not transactional, so no markers). */
    long end() throws Exception {
        return ends().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records the group has committed past (sum over the topics' partitions). */
    long committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> topics.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Records on the topics the group has not committed past yet. */
    long lag(String group) throws Exception {
        return end() - committed(group);
    }

    /**
     * Waits until the group has consumed everything there is now, and returns its rate in records
     * per second, measured from the first commit seen (so start-up and restoration are not counted),
     * with the rate over the second half of those records on its own: the bench's backlog starts
     * with every envoy's join (its whole cache), so the second half is the steady workload.
     */
    Rate catchUp(String group, Process job, long timeoutMillis) throws Exception {
        long target = end();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long startAt = -1;
        long startCommitted = 0;
        long halfAt = -1;
        long halfCommitted = 0;
        try (io.vigo.swarm.local.ProgressLine line = io.vigo.swarm.local.ProgressLine.onTerminal("bench: " + group + " catching up")) {
            while (System.currentTimeMillis() < deadline) {
                if (!job.isAlive()) {
                    throw new IllegalStateException(group + " stopped (exit " + job.exitValue() + ") before catching up; see its log in the work dir (--keep)");
                }
                long committed = committed(group);
                long now = System.nanoTime();
                if (startAt < 0 && committed > 0) {
                    startAt = now;
                    startCommitted = committed;
                }
                if (startAt >= 0 && halfAt < 0 && committed - startCommitted >= (target - startCommitted) / 2) {
                    halfAt = now;
                    halfCommitted = committed;
                }
                if (committed >= target) {
                    double seconds = startAt < 0 ? 0 : (now - startAt) / 1e9;
                    double halfSeconds = halfAt < 0 ? 0 : (now - halfAt) / 1e9;
                    return new Rate(committed - startCommitted, seconds, committed - halfCommitted, halfSeconds);
                }
                line.update(committed, target);
                Thread.sleep(100);
            }
        }
        throw new TimedOut(group + " did not catch up with " + target + " records within " + timeoutMillis + " ms");
    }

    private Map<TopicPartition, Long> ends() throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The group did not consume what there was within the time allowed: it cannot keep up. */
    static final class TimedOut extends IllegalStateException {
        TimedOut(String message) {
            super(message);
        }
    }

    /** Records consumed over seconds, and of them the second half's. */
    record Rate(long records, double seconds, long secondHalfRecords, double secondHalfSeconds) {
        double perSecond() {
            return seconds <= 0 ? Double.NaN : records / seconds;
        }

        double secondHalfPerSecond() {
            return secondHalfSeconds <= 0 ? Double.NaN : secondHalfRecords / secondHalfSeconds;
        }
    }
}
