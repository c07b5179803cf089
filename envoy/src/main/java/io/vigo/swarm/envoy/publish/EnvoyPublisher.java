package io.vigo.swarm.envoy.publish;

import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EventCatalogue;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.topics.TopicNames;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes envoy events: each record type to its topic, keyed by hostname, through the registry
 * serde, idempotent with acks=all. The real agent and the fleet simulator share it (the simulator
 * uses one publisher for its whole virtual fleet).
 */
public final class EnvoyPublisher implements EventSink, AutoCloseable {

    private final Producer<String, SpecificRecord> producer;
    private final TopicNames topics;

    public EnvoyPublisher(String bootstrapServers, String registryUrl, TopicNames topics) {
        this(bootstrapServers, registryUrl, topics, true);
    }

    /**
     * @param idempotent false for a publisher that must not depend on its producer id: the events
     *     keep their order (one request in flight) and a retry may repeat one, which the views
     *     ignore by its (epoch, sequence), as they do an agent's resend
     */
    public EnvoyPublisher(String bootstrapServers, String registryUrl, TopicNames topics, boolean idempotent) {
        this.topics = topics;
        Map<String, Object> config = new HashMap<>(RegistrySerdes.producerConfig(bootstrapServers, registryUrl));
        // Many envoys' events per request when one publisher speaks for a simulated fleet.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Ride out a broker away for minutes: the producer keeps retrying (idempotently) meanwhile.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10 * 60 * 1000);
        if (!idempotent) {
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        }
        this.producer = new KafkaProducer<>(config);
    }

    /** Sends one event of a hostname-keyed topic. */
    public Future<RecordMetadata> publish(String hostname, SpecificRecord event) {
        return producer.send(new ProducerRecord<>(topicOf(event), hostname, event));
    }

    /** Sends an event with an explicit key (sha for manifest-admin, the setting for config). */
    public Future<RecordMetadata> publishKeyed(String key, SpecificRecord event) {
        return producer.send(new ProducerRecord<>(topicOf(event), key, event));
    }

    @Override
    public Future<RecordMetadata> send(String key, SpecificRecord event) {
        return publishKeyed(key, event);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    String topicOf(SpecificRecord event) {
        var schema = event.getSchema();
        if (event instanceof EnvoyCheckIn) {
            return topics.checkins();
        }
        if (EventCatalogue.ENVOY_REPORTS.contains(schema)) {
            return topics.envoyReports();
        }
        if (EventCatalogue.OPERATOR.contains(schema)) {
            return topics.operator();
        }
        if (EventCatalogue.MANIFEST_ADMIN.contains(schema)) {
            return topics.manifestAdmin();
        }
        if (EventCatalogue.CONFIG.contains(schema)) {
            return topics.config();
        }
        if (EventCatalogue.TASKS.contains(schema)) {
            return topics.tasks();
        }
        throw new IllegalArgumentException(schema.getFullName() + " is not an event of the catalogue");
    }

    /**
     * Sends what is buffered, waiting at most 30 s: an agent that stops does not hang on a broker it
     * cannot reach; whatever was not sent is absolute state it reports again on its next run.
     */
    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
    }
}
