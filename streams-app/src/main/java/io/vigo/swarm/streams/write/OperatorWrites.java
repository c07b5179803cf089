package io.vigo.swarm.streams.write;

import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.ManifestPurged;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.events.RevokeReason;
import io.vigo.swarm.events.TaskAssigned;
import io.vigo.swarm.events.TaskDispatched;
import io.vigo.swarm.topics.TopicNames;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The operator's actions, written as events (the API never changes a store directly) and
 * returned only once the views reflect them.
 */
public final class OperatorWrites implements OperatorActions, AutoCloseable {

    private final Producer<String, SpecificRecord> producer;
    /** Dispatches write the task and its assignments in one transaction: all of them or none. */
    private final Producer<String, SpecificRecord> transactional;
    /** Key resets on the compacted envoy-keys topic, whose values are plain JSON (the gateways read them). */
    private final Producer<String, String> keyResets;
    private final TopicNames topics;
    private final WriteBarrier barrier;
    private final Clock clock;

    public OperatorWrites(String bootstrapServers, String registryUrl, TopicNames topics, WriteBarrier barrier, Clock clock) {
        this.producer = new KafkaProducer<>(RegistrySerdes.producerConfig(bootstrapServers, registryUrl));
        Map<String, Object> transactionalConfig = new java.util.HashMap<>(RegistrySerdes.producerConfig(bootstrapServers, registryUrl));
        transactionalConfig.put("transactional.id", "vigo-operator-writes-" + java.util.UUID.randomUUID());
        this.transactional = new KafkaProducer<>(transactionalConfig);
        this.transactional.initTransactions();
        this.keyResets = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "enable.idempotence", true),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer());
        this.topics = topics;
        this.barrier = barrier;
        this.clock = clock;
    }

    /** Sets and removes tags of one envoy: one event per tag, in order, then waits for the last. */
    @Override
    public void tag(String hostname, Map<String, String> set, List<String> remove, String operator) {
        RecordMetadata last = null;
        for (Map.Entry<String, String> tag : set.entrySet()) {
            last = await(send(topics.operator(), hostname, new EnvoyTagged(hostname, tag.getKey(), tag.getValue(), operator, clock.instant())));
        }
        for (String key : remove) {
            last = await(send(topics.operator(), hostname, new EnvoyUntagged(hostname, key, operator, clock.instant())));
        }
        if (last != null) {
            barrier.awaitProcessed(last);
        }
    }

    @Override
    public void decommission(String hostname, String operator) {
        writeKeyReset(hostname, "decommissioned by " + operator);
        barrier.awaitProcessed(await(send(topics.operator(), hostname, new EnvoyDecommissioned(hostname, operator, clock.instant()))));
    }

    @Override
    public java.time.Instant resetKey(String hostname, String operator) {
        return writeKeyReset(hostname, "reset by " + operator);
    }

    private java.time.Instant writeKeyReset(String hostname, String reason) {
        java.time.Instant at = clock.instant();
        String value;
        try {
            value = io.vigo.swarm.api.Json.mapper().writeValueAsString(io.vigo.swarm.api.envoy.EnvoyKeyState.reset(reason, at));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a key state is always JSON", e);
        }
        await(keyResets.send(new ProducerRecord<>(topics.envoyKeys(), hostname, value)));
        return at;
    }

    @Override
    public void revoke(String sha, String operator) {
        barrier.awaitProcessed(await(send(topics.manifestAdmin(), sha,
                new ManifestRevoked(sha, RevokeReason.OPERATOR, operator, clock.instant()))));
    }

    @Override
    public void purge(List<String> shas, String operator) {
        for (String sha : shas) {
            // Each sha is its own key and may land on its own partition: wait for every one.
            barrier.awaitProcessed(await(send(topics.manifestAdmin(), sha, new ManifestPurged(sha, operator, clock.instant()))));
        }
    }

    /**
     * Dispatches a task: the TaskDispatched record and one TaskAssigned per target in one
     * transaction, then waits until the views have processed every one of them.
     */
    @Override
    public synchronized void dispatch(String taskId, String verb, String pattern, List<String> targets, String operator,
            java.time.Duration ttl) {
        java.time.Instant now = clock.instant();
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        try {
            transactional.beginTransaction();
            sent.add(transactional.send(new ProducerRecord<>(topics.tasks(), taskId,
                    new TaskDispatched(taskId, verb, pattern, targets.size(), operator, now, ttl.toSeconds()))));
            for (String host : targets) {
                sent.add(transactional.send(new ProducerRecord<>(topics.operator(), host,
                        new TaskAssigned(host, taskId, verb, now, now.plus(ttl)))));
            }
            transactional.commitTransaction();
        } catch (RuntimeException e) {
            try {
                transactional.abortTransaction();
            } catch (RuntimeException ignored) {
                // the abort fails too when the producer is fenced or closed; the first error is the one to report
            }
            throw new io.vigo.swarm.streams.query.ViewsUnavailableException("cannot write the dispatch to Kafka: " + e.getMessage());
        }
        // The last record written to each partition stands for that partition.
        Map<org.apache.kafka.common.TopicPartition, RecordMetadata> last = new java.util.HashMap<>();
        for (Future<RecordMetadata> future : sent) {
            RecordMetadata written = await(future);
            last.merge(new org.apache.kafka.common.TopicPartition(written.topic(), written.partition()), written,
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        last.values().forEach(barrier::awaitProcessed);
    }

    private Future<RecordMetadata> send(String topic, String key, SpecificRecord event) {
        return producer.send(new ProducerRecord<>(topic, key, event));
    }

    private static RecordMetadata await(Future<RecordMetadata> sent) {
        try {
            return sent.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new io.vigo.swarm.streams.query.ViewsUnavailableException("cannot write the change to Kafka: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
    }

    @Override
    public void close() {
        producer.close();
        transactional.close();
        keyResets.close();
    }
}
