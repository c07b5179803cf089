package io.vigo.swarm.gateway.follow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one compacted topic whole, from its beginning, on a thread of its own, and then every
 * record written to it: each gateway keeps its own copy of what the topic says (no consumer group,
 * every partition). Only committed records are read.
 *
 * <p>Besides "caught up" (read as far as the topic ended when the gateway started), the follower
 * knows how current its copy is: about once a second it asks where the topic ends now, and once
 * it has read that far, everything written before it asked is in the copy ({@link #currentAsOf}).
 * A gateway that answers from the copy, not just checks with it, needs that bound: a follower
 * whose broker went away stops advancing it.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final long CHECK_EVERY_MS = 1_000;

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final Consumer<ConsumerRecord<String, String>> apply;
    private final Runnable caughtUpOnce;
    private final Thread thread;
    private volatile boolean caughtUp;
    /** Wall-clock ms before which every record written to the topic has been applied; 0 until the first check. */
    private volatile long currentAsOf;
    private volatile boolean closing;

    /**
     * @param apply         called on the follower's thread for every record, in offset order per partition
     * @param caughtUpOnce  called once, when the records the topic held at start have all been applied
     */
    public TopicFollower(String bootstrapServers, String topic, String threadName, Consumer<ConsumerRecord<String, String>> apply,
            Runnable caughtUpOnce) {
        this.topic = topic;
        this.apply = apply;
        this.caughtUpOnce = caughtUpOnce;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                // Small fetches: reading 100,000 keys at start in 50 MB answers left a direct buffer of that
                // size cached on the consumer's thread for good (the JDK keeps one per thread), on a small gateway.
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024), new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::follow, threadName);
        this.thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    /** Whether the records the topic held when the follower started have all been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Whether every record written more than {@code within} ago has been applied. */
    public boolean currentWithin(Duration within) {
        long asOf = currentAsOf;
        return caughtUp && asOf > 0 && System.currentTimeMillis() - asOf <= within.toMillis();
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long askedAt = System.currentTimeMillis();
            Map<TopicPartition, Long> end = endOffsets(partitions);
            while (!closing) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        apply.accept(record);
                    }
                }
                if (end != null && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    currentAsOf = askedAt;
                    if (!caughtUp) {
                        caughtUp = true;
                        caughtUpOnce.run();
                    }
                    end = null;
                }
                if (end == null && System.currentTimeMillis() - askedAt >= CHECK_EVERY_MS) {
                    askedAt = System.currentTimeMillis();
                    end = endOffsets(partitions);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closing) {
                log.error("stopped following {}: {}", topic, e.toString());
            }
        }
    }

    /** Where the partitions end now (committed records), or null when the brokers do not say in time: asked again a second later. */
    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        try {
            return consumer.endOffsets(partitions, Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            log.debug("where {} ends is not known yet: {}", topic, e.getMessage());
            return null;
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (!closing) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.warn("topic {} not found yet (run `topics apply`); waiting", topic);
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
