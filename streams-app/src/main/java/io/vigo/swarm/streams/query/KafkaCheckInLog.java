package io.vigo.swarm.streams.query;

import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.rules.EventRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@link CheckInLog} on the real topic: a consumer without a group seeks to the window's first
 * offset by time (check-ins carry broker append time, so offsets and times rise together) and reads
 * to its end, decoding only the check-ins of the hosts asked about. Consumers are kept for the next
 * question, one per concurrent reader.
 */
public final class KafkaCheckInLog implements CheckInLog, AutoCloseable {

    /** How long one window may take to read before the answer is refused as unavailable. */
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final String topic;
    private final Deserializer<SpecificRecord> values;
    private final ConcurrentLinkedQueue<KafkaConsumer<String, byte[]>> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public KafkaCheckInLog(String bootstrapServers, String topic, Deserializer<SpecificRecord> values) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.values = values;
    }

    @Override
    public Map<String, CheckIn> lastCheckIns(int partition, Set<String> hosts, long fromMs, long toMs) {
        if (hosts.isEmpty() || fromMs > toMs) {
            return Map.of();
        }
        KafkaConsumer<String, byte[]> consumer = idle.poll();
        if (consumer == null) {
            consumer = open();
        }
        try {
            return read(consumer, new TopicPartition(topic, partition), hosts, fromMs, toMs);
        } finally {
            if (closed) {
                consumer.close();
            } else {
                idle.add(consumer);
            }
        }
    }

    private Map<String, CheckIn> read(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, Set<String> hosts, long fromMs, long toMs) {
        consumer.assign(List.of(partition));
        Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(Map.of(partition, fromMs), READ_LIMIT);
        Map<TopicPartition, OffsetAndTimestamp> past = consumer.offsetsForTimes(Map.of(partition, toMs + 1), READ_LIMIT);
        if (first.get(partition) == null) {
            return Map.of(); // nothing at or after the window's start
        }
        long end = past.get(partition) != null ? past.get(partition).offset()
                : consumer.endOffsets(List.of(partition), READ_LIMIT).get(partition);
        consumer.seek(partition, first.get(partition).offset());
        Map<String, Newest> newest = new HashMap<>();
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (consumer.position(partition, READ_LIMIT) < end) {
            if (System.nanoTime() > deadline) {
                throw new ViewsUnavailableException("reading the check-ins of partition " + partition.partition() + " took longer than "
                        + READ_LIMIT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end && record.timestamp() <= toMs && record.key() != null && hosts.contains(record.key())) {
                    take(newest, record);
                }
            }
        }
        Map<String, CheckIn> found = new HashMap<>();
        newest.forEach((host, n) -> found.put(host, new CheckIn(n.atMs, n.clockSkewMs)));
        return found;
    }

    /** Keeps the first copy of the newest (epoch, sequence) a host sent; a check-in the views would refuse is skipped. */
    private void take(Map<String, Newest> newest, ConsumerRecord<String, byte[]> record) {
        EnvoyCheckIn checkIn;
        try {
            if (!(values.deserialize(record.topic(), record.value()) instanceof EnvoyCheckIn decoded)) {
                return;
            }
            checkIn = decoded;
            EventRules.hostname(record.key(), checkIn.getHostname());
            EventRules.interval(checkIn.getIntervalMs());
            EventRules.agentClock(checkIn.getAgentClock(), record.timestamp());
        } catch (RuntimeException refused) {
            return; // dead-lettered by the views too
        }
        Newest held = newest.get(record.key());
        if (held == null || checkIn.getAgentEpoch() > held.epoch
                || checkIn.getAgentEpoch() == held.epoch && checkIn.getSequence() > held.sequence) {
            newest.put(record.key(), new Newest(checkIn.getAgentEpoch(), checkIn.getSequence(), record.timestamp(),
                    checkIn.getAgentClock().toEpochMilli() - record.timestamp()));
        }
    }

    private record Newest(long epoch, long sequence, long atMs, long clockSkewMs) {
    }

    private KafkaConsumer<String, byte[]> open() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigo-checkin-log");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        closed = true;
        for (KafkaConsumer<String, byte[]> consumer; (consumer = idle.poll()) != null; ) {
            consumer.close();
        }
    }
}
