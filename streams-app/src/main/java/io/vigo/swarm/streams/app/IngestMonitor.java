package io.vigo.swarm.streams.app;

import io.vigo.swarm.streams.fleet.IngestProgress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Samples the main consumers' per-partition lag on the input topics: the "how far behind" of every
 * answer, and the caught-up signal that lets the offline punctuator trust the wall clock.
 */
final class IngestMonitor implements IngestProgress {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestMonitor.class);
    /** A partition this far behind that catches up is a catch-up (after downtime, a move): logged; live traffic's few records are not. */
    private static final double CATCH_UP_WORTH_LOGGING = 1_000;

    private final Set<String> inputTopics;
    private final String checkinsTopic;
    private volatile KafkaStreams streams;
    private final Map<String, Double> lagByPartition = new ConcurrentHashMap<>();
    private static final int LOOKUP_EVERY = 8;
    private Map<String, Metric> lagMetrics = Map.of();
    private int samplesSinceLookup;

    IngestMonitor(Set<String> inputTopics, String checkinsTopic) {
        this.inputTopics = inputTopics;
        this.checkinsTopic = checkinsTopic;
    }

    void attach(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Reads the input partitions' consumer lag. {@code KafkaStreams.metrics()} copies every metric
     * of the client (thousands, with the store metrics), which cost a tenth of the process's CPU
     * at four samples a second; so the lag metrics are looked up once and only looked up again
     * every {@link #LOOKUP_EVERY} samples, when partitions may have moved.
     */
    void sample() {
        KafkaStreams current = streams;
        if (current == null) {
            return;
        }
        if (lagMetrics.isEmpty() || ++samplesSinceLookup >= LOOKUP_EVERY) {
            lagMetrics = lookUpLagMetrics(current);
            samplesSinceLookup = 0;
        }
        Map<String, Double> seen = new java.util.HashMap<>();
        for (Map.Entry<String, Metric> entry : lagMetrics.entrySet()) {
            Object value = entry.getValue().metricValue();
            if (value instanceof Double lag && !lag.isNaN()) {
                seen.merge(entry.getKey().substring(0, entry.getKey().lastIndexOf('#')), lag, Math::max);
            }
        }
        // The consumer's lag ends at what it fetched; a task may still hold thousands of fetched
        // check-ins it has not processed (a catch-up after downtime). A check-ins partition is
        // behind by what the task has not committed past, so the sweep does not judge by the wall
        // clock while the check-ins that prove envoys alive wait in the buffer (it did: the tail
        // of every catch-up turned envoys offline and back). Check-ins carry no transaction
        // markers, so their end is their last record.
        for (var thread : current.metadataForLocalThreads()) {
            for (var task : thread.activeTasks()) {
                task.endOffsets().forEach((partition, end) -> {
                    if (partition.topic().equals(checkinsTopic)) {
                        Long committed = task.committedOffsets().get(partition);
                        double behind = committed == null || committed < 0 ? end : Math.max(0, end - committed);
                        seen.merge(partition.topic() + "-" + partition.partition(), behind, Math::max);
                    }
                });
            }
        }
        seen.forEach((partition, lag) -> {
            Double was = lagByPartition.get(partition);
            if (partition.startsWith(checkinsTopic + "-") && was != null && was >= CATCH_UP_WORTH_LOGGING && lag <= 0) {
                log.info("{} caught up: the sweep judges its envoys by the wall clock again", partition);
            }
        });
        lagByPartition.keySet().retainAll(seen.keySet());
        lagByPartition.putAll(seen);
    }

    /** The records-lag metrics of the input partitions, keyed "topic-partition#client". */
    private Map<String, Metric> lookUpLagMetrics(KafkaStreams current) {
        Map<String, Metric> found = new java.util.HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : current.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (!"records-lag".equals(name.name()) || !"consumer-fetch-manager-metrics".equals(name.group())) {
                continue;
            }
            String topic = name.tags().get("topic");
            String partition = name.tags().get("partition");
            if (topic != null && partition != null && inputTopics.contains(topic)) {
                found.put(topic + "-" + partition + "#" + name.tags().get("client-id"), entry.getValue());
            }
        }
        return found;
    }

    @Override
    public boolean caughtUp(int partition) {
        Double lag = lagByPartition.get(checkinsTopic + "-" + partition);
        return lag != null && lag <= 0;
    }

    /** Input records not yet processed by this instance, summed over its partitions; -1 before the first sample. */
    long totalLag() {
        if (lagByPartition.isEmpty()) {
            return -1;
        }
        return lagByPartition.values().stream().mapToLong(Double::longValue).sum();
    }

    Map<String, Double> lagByPartition() {
        return Map.copyOf(lagByPartition);
    }

    /** The newest sample of one input partition ("topic-partition"); 0 when it has none. */
    double lagOf(String topicPartition) {
        return lagByPartition.getOrDefault(topicPartition, 0.0);
    }
}
