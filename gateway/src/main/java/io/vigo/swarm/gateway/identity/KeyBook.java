package io.vigo.swarm.gateway.identity;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.envoy.EnvoyKeyState;
import io.vigo.swarm.gateway.follow.TopicFollower;
import java.nio.charset.StandardCharsets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every envoy's current key generation, followed from the compacted {@code envoy-keys} topic by
 * each gateway on its own (no consumer group: every gateway reads every partition). A host's
 * latest record decides: its enrolment (the record's offset is the key's generation) or a reset.
 * Offsets only grow and survive compaction, so a reset or a new enrolment supersedes every older
 * key, and the check per request is one map lookup.
 */
public final class KeyBook implements AutoCloseable {

    /** What the book says of a key that verified. */
    public enum Verdict {
        /** The host's current key. */
        VALID,
        /** Superseded: reset by an operator, by a decommission, or by a later enrolment. */
        SUPERSEDED,
        /** Newer than anything this gateway has read yet: it lags the topic by a moment. */
        NOT_YET_KNOWN
    }

    /**
     * What this gateway holds of one host: its latest record on the keys topic (offset, whether it
     * is an enrolment, the enrolment id's digest or null) and its {@link RateLimiter} clock. One
     * map entry per host and nothing else: a gateway in front of 100,000 envoys keeps 100,000 of
     * these on a small heap.
     */
    public static final class Host implements RateLimiter.Clock {
        private static final VarHandle RATE_CLOCK;

        static {
            try {
                RATE_CLOCK = MethodHandles.lookup().findVarHandle(Host.class, "rateClock", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final long offset;
        private final boolean enrolled;
        private final String enrolment;
        @SuppressWarnings("unused") // through RATE_CLOCK
        private volatile long rateClock = RateLimiter.NEVER;

        Host(long offset, boolean enrolled, String enrolment) {
            this.offset = offset;
            this.enrolled = enrolled;
            this.enrolment = enrolment;
        }

        @Override
        public long rateClock() {
            return rateClock;
        }

        @Override
        public boolean advanceRateClock(long expected, long next) {
            return RATE_CLOCK.compareAndSet(this, expected, next);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(KeyBook.class);

    private final String topic;
    private final Map<String, Host> latest = new ConcurrentHashMap<>();
    private final TopicFollower follower;
    private final KafkaProducer<String, String> producer;
    private final Clock clock;

    public KeyBook(String bootstrapServers, String topic, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        this.follower = new TopicFollower(bootstrapServers, topic, "vigo-gateway-key-book", record -> apply(record.key(), latest(record)),
                () -> log.info("key book caught up: {} hosts", latest.size()));
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    public KeyBook start() {
        follower.start();
        return this;
    }

    /** Whether the book has read the topic up to where it ended when the gateway started. */
    public boolean caughtUp() {
        return follower.caughtUp();
    }

    public int hosts() {
        return latest.size();
    }

    /** The host a key that verified belongs to, or null when this gateway has read nothing of it yet. */
    public Host host(EnvoyKeys.Holder holder) {
        return latest.get(holder.hostname());
    }

    /** Whether a key that verified is its host's current one ({@code host} as {@link #host} found it). */
    public static Verdict check(Host host, EnvoyKeys.Holder holder) {
        if (host == null || holder.generation() > host.offset) {
            return Verdict.NOT_YET_KNOWN;
        }
        return host.enrolled && host.offset == holder.generation() ? Verdict.VALID : Verdict.SUPERSEDED;
    }

    /** Whether the host holds a key that has not been reset (so enrolling it again is refused). */
    public boolean holdsKey(String hostname) {
        Host current = latest.get(hostname);
        return current != null && current.enrolled;
    }

    /**
     * The generation of the host's current key when that key's enrolment was made with
     * {@code enrolmentId}: the same envoy asking again (its answer was lost) gets the same key.
     */
    public OptionalLong enrolledAs(String hostname, String enrolmentId) {
        Host current = latest.get(hostname);
        return enrolmentId != null && current != null && current.enrolled && digest(enrolmentId).equals(current.enrolment)
                ? OptionalLong.of(current.offset) : OptionalLong.empty();
    }

    /** Writes the host's enrolment and returns its generation once Kafka acknowledged it. */
    public long enrol(String hostname, String enrolmentId, Duration timeout) throws KeyBookUnavailableException {
        String enrolment = enrolmentId == null ? null : digest(enrolmentId);
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, hostname,
                    Json.mapper().writeValueAsString(EnvoyKeyState.enrolled(clock.instant(), enrolment)))).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            apply(hostname, new Host(written.offset(), true, enrolment));
            return written.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyBookUnavailableException("interrupted while enrolling");
        } catch (ExecutionException | TimeoutException | RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KeyBookUnavailableException("Kafka did not acknowledge the enrolment: " + cause.getMessage());
        }
    }

    /** Kafka could not take an enrolment; the envoy retries. */
    public static final class KeyBookUnavailableException extends Exception {
        KeyBookUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private void apply(String hostname, Host record) {
        latest.merge(hostname, record, (held, incoming) -> incoming.offset > held.offset ? incoming : held);
    }

    /** The record keeps a digest, not the id: whoever reads the topic cannot replay an enrolment with it. */
    private static String digest(String enrolmentId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(enrolmentId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A record that does not parse is no enrolment: its host's older keys stop working, which is the safe side. */
    private static Host latest(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return new Host(record.offset(), false, null);
        }
        try {
            EnvoyKeyState state = Json.mapper().readValue(record.value(), EnvoyKeyState.class);
            return new Host(record.offset(), state.isEnrolled(), state.enrolment());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            log.warn("{} offset {}: not a key state, counted as a reset", record.topic(), record.offset());
            return new Host(record.offset(), false, null);
        }
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
    }
}
