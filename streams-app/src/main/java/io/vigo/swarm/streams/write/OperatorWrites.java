package io.vigo.swarm.streams.write;

import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.ManifestPurged;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.events.RevokeReason;
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
public final class OperatorWrites implements AutoCloseable {

    private final Producer<String, SpecificRecord> producer;
    private final TopicNames topics;
    private final WriteBarrier barrier;
    private final Clock clock;

    public OperatorWrites(String bootstrapServers, String registryUrl, TopicNames topics, WriteBarrier barrier, Clock clock) {
        this.producer = new KafkaProducer<>(RegistrySerdes.producerConfig(bootstrapServers, registryUrl));
        this.topics = topics;
        this.barrier = barrier;
        this.clock = clock;
    }

    /** Sets and removes tags of one envoy: one event per tag, in order, then waits for the last. */
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

    public void decommission(String hostname, String operator) {
        barrier.awaitProcessed(await(send(topics.operator(), hostname, new EnvoyDecommissioned(hostname, operator, clock.instant()))));
    }

    public void revoke(String sha, String operator) {
        barrier.awaitProcessed(await(send(topics.manifestAdmin(), sha,
                new ManifestRevoked(sha, RevokeReason.OPERATOR, operator, clock.instant()))));
    }

    public void purge(List<String> shas, String operator) {
        for (String sha : shas) {
            // Each sha is its own key and may land on its own partition: wait for every one.
            barrier.awaitProcessed(await(send(topics.manifestAdmin(), sha, new ManifestPurged(sha, operator, clock.instant()))));
        }
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
    }
}
