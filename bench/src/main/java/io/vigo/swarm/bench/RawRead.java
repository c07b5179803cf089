package io.vigo.swarm.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor under any rebuild from the topics (issue 17): how fast a plain consumer reads the
 * event topics from their beginning to their end, doing nothing with the records (bytes, not
 * deserialised, no state, no commits), and how many bytes the topics take on the broker's disk.
 * Whatever design a rebuild has, it reads at least this; the baseline job adds what Kafka Streams
 * costs per record, the streams app what its views cost.
 */
record RawRead(long records, double seconds, long diskBytes) {

    /** What a plain consumer is given at once: large fetches, so that the rate is the reading's, not the round trips'. */
    private static final int MAX_POLL_RECORDS = 10_000;

    double recordsPerSecond() {
        return records / seconds;
    }

    double diskBytesPerRecord() {
        return (double) diskBytes / records;
    }

    static RawRead measure(Admin admin, String bootstrap, List<String> topics, long timeoutMillis) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // as Kafka Streams reads under exactly-once
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.currentTimeMillis() + timeoutMillis;
            long records = 0;
            long t0 = System.nanoTime();
            while (!reachedEnds(consumer, ends)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("a plain consumer did not read the backlog within " + timeoutMillis / 1000 + " s");
                }
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new RawRead(records, seconds, HistoryBytes.brokerBytes(admin, topics::contains));
        }
    }

    private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
