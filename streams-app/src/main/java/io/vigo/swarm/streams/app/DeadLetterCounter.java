package io.vigo.swarm.streams.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the records on the dead-letter topic by reading it (read_committed, no group): offsets
 * would over-count, because every transaction that wrote a dead letter also wrote a commit marker.
 */
final class DeadLetterCounter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterCounter.class);

    private final AtomicLong count = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;

    DeadLetterCounter(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "vigo-deadletter-counter",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        thread = new Thread(() -> run(topic), "vigo-deadletter-counter");
        thread.setDaemon(true);
        thread.start();
    }

    long count() {
        return count.get();
    }

    private void run(String topic) {
        try {
            List<TopicPartition> partitions = partitionsOf(topic);
            if (partitions.isEmpty()) {
                return; // closed before the topic was there
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                count.addAndGet(consumer.poll(Duration.ofMillis(500)).count());
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException e) {
            log.warn("dead-letter counting stopped: {}", e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * The topic's partitions, asked again until the broker knows the topic: right after the topics
     * are created a broker can answer with none, and counting on no partitions stopped for good
     * (seen in CI: the status never showed a dead letter). Empty only when closed meanwhile.
     */
    private List<TopicPartition> partitionsOf(String topic) {
        while (running.get()) {
            List<org.apache.kafka.common.PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (found != null && !found.isEmpty()) {
                return found.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            log.info("dead-letter topic {} has no partitions yet; asking again", topic);
            try {
                Thread.sleep(500); // a retry's pause on this background thread, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
