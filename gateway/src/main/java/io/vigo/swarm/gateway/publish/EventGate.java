package io.vigo.swarm.gateway.publish;

import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.events.rules.EnvoyEventRules;
import io.vigo.swarm.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The gateway's way into Kafka: checks a request's events as the envoy's own (every one about the
 * caller, every one passing the event rules) before anything is sent, then publishes them through
 * the gateway's one idempotent producer (acks=all, many envoys' events per batch) and returns once
 * Kafka acknowledged all of them.
 */
public final class EventGate implements AutoCloseable {

    private final Producer<String, SpecificRecord> producer;
    private final TopicNames topics;
    private final Duration ackTimeout;
    private final Clock clock;
    private final Metric bufferAvailable;
    private volatile boolean closed;

    /** The producer's buffer, and how much of it must be free to take a request (a request's events are at most about a MB). */
    private static final long BUFFER_BYTES = 4L * 1024 * 1024;
    private static final double HEADROOM_BYTES = 1024 * 1024;

    public EventGate(String bootstrapServers, String registryUrl, TopicNames topics, Duration ackTimeout, Clock clock) {
        this.topics = topics;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        Map<String, Object> config = new HashMap<>(RegistrySerdes.producerConfig(bootstrapServers, registryUrl));
        // Many envoys' requests share a batch; a few ms of linger costs little against a check-in interval.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Requests wait for their acknowledgement, so little is ever buffered: 4 MB, not the default 32. The
        // producer keeps what it once used in its pool, on a heap of 64 MB.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
        // send() runs on an HTTP event loop and must not wait there: the two topics' metadata is fetched
        // once at start (below) and never dropped for idleness, and a request is refused, not queued, when
        // the buffer runs low (publish). What is left to wait for is bounded by the ack timeout.
        config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) Duration.ofDays(1).toMillis());
        // Nor forgotten when every broker is away: "rebootstrap" (the default) would replace what the producer
        // knows with the bootstrap list, and every send would then wait for metadata on its event loop until
        // a broker is back. The producer keeps retrying the brokers it knew (by name, so new addresses resolve).
        config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(ackTimeout.toMillis(), 10_000));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis() / 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
        this.producer = new KafkaProducer<>(config);
        this.bufferAvailable = producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("buffer-available-bytes") && e.getKey().group().equals("producer-metrics"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        Thread metadata = new Thread(this::fetchMetadata, "vigo-gateway-metadata");
        metadata.setDaemon(true);
        metadata.start();
    }

    /** Until it has both topics' partitions, retried while Kafka is away; the first requests would otherwise wait for it on an event loop. */
    private void fetchMetadata() {
        for (String topic : List.of(topics.checkins(), topics.envoyReports())) {
            while (!closed) {
                try {
                    producer.partitionsFor(topic);
                    break;
                } catch (RuntimeException e) {
                    // Kafka not there yet (or the topic not created yet): ask again
                }
            }
        }
    }

    /**
     * Checks every event as {@code caller}'s, then publishes them all. Checking happens now (a
     * refused request sends nothing); the answer comes when Kafka acknowledged every event, on the
     * producer's thread, so a request waiting for Kafka holds no server thread.
     *
     * @return how many events were written, or a failure with an {@link UnacknowledgedException}
     * @throws ImpersonationException an event is about another host; nothing was sent
     * @throws io.vigo.swarm.events.rules.InvalidEventException an event breaks a rule; nothing was sent
     */
    public CompletableFuture<Integer> publish(String caller, List<SpecificRecord> events) {
        long now = clock.millis();
        for (int i = 0; i < events.size(); i++) {
            try {
                checkAsCallers(caller, events.get(i), now);
            } catch (io.vigo.swarm.events.rules.InvalidEventException e) {
                throw events.size() == 1 ? e : new io.vigo.swarm.events.rules.InvalidEventException("reports[" + i + "]: " + e.getMessage());
            }
        }
        if ((double) bufferAvailable.metricValue() < HEADROOM_BYTES) {
            return CompletableFuture.failedFuture(new UnacknowledgedException(
                    "Kafka takes events more slowly than they come, or is away: this gateway's buffer is full", false));
        }
        // Kafka answers every send within the delivery timeout (= the ack timeout), so no timer of our own.
        Acknowledgements acks = new Acknowledgements(events.size());
        try {
            for (SpecificRecord event : events) {
                producer.send(new ProducerRecord<>(topicOf(event), caller, event), acks);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unacknowledged(e));
        }
        return acks.all;
    }

    /** Completes with the number of events once Kafka acknowledged each, or fails with the first failure. */
    private final class Acknowledgements implements Callback {
        final CompletableFuture<Integer> all = new CompletableFuture<>();
        private final int count;
        private final AtomicInteger waiting;

        Acknowledgements(int count) {
            this.count = count;
            this.waiting = new AtomicInteger(count);
        }

        @Override
        public void onCompletion(RecordMetadata written, Exception failure) {
            if (failure != null) {
                all.completeExceptionally(unacknowledged(failure));
            } else if (waiting.decrementAndGet() == 0) {
                all.complete(count);
            }
        }
    }

    /** A hostname that is no hostname is a bad event (400); a valid one that is not the caller's is impersonation (403). */
    private static void checkAsCallers(String caller, SpecificRecord event, long now) {
        String about = EnvoyEventRules.hostnameOf(event);
        String problem = io.vigo.swarm.api.Hostnames.problemWith(about);
        if (problem != null) {
            throw new io.vigo.swarm.events.rules.InvalidEventException(problem);
        }
        if (!caller.equals(about)) {
            throw new ImpersonationException(caller, about);
        }
        EnvoyEventRules.check(caller, event, now);
    }

    private UnacknowledgedException unacknowledged(Throwable cause) {
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new UnacknowledgedException("Kafka did not acknowledge within " + ackTimeout.toSeconds() + " s", false);
        }
        return new UnacknowledgedException(describe(cause), cause instanceof RecordTooLargeException);
    }

    private String topicOf(SpecificRecord event) {
        return event instanceof EnvoyCheckIn ? topics.checkins() : topics.envoyReports();
    }

    private static String describe(Throwable cause) {
        if (cause instanceof RecordTooLargeException) {
            return "an event is larger than the largest record Kafka takes";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "Kafka or the schema registry did not take the events: " + message.lines().findFirst().orElse("");
    }

    /** An event is about another host than the one whose key signed the request. */
    public static final class ImpersonationException extends RuntimeException {
        ImpersonationException(String caller, String about) {
            super("this key is " + caller + "'s; it cannot send an event about " + (about == null ? "no host" : about), null, false, false);
        }
    }

    /** Kafka did not acknowledge; the envoy sends again (events are absolute state, a repeat changes nothing). */
    public static final class UnacknowledgedException extends RuntimeException {
        private final boolean tooLarge;

        UnacknowledgedException(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(10));
    }
}
