package io.vigo.swarm.events;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place that says how event values meet the schema registry: Confluent wire format (magic
 * byte, 4-byte content id, Avro body, no headers), dereferenced schemas so Confluent clients can
 * read them, and one subject per topic and record type ({@code <topic>-<record full name>}).
 */
public final class RegistrySerdes {

    private RegistrySerdes() {
    }

    /** Serializer and deserializer settings for a registry at {@code registryUrl} (its native v3 API). */
    public static Map<String, Object> settings(String registryUrl) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("apicurio.registry.url", nativeApi(registryUrl));
        settings.put("apicurio.registry.auto-register", true);
        settings.put("apicurio.registry.dereference-schema", true);
        settings.put("apicurio.registry.use-id", "contentId");
        settings.put("apicurio.registry.headers.enabled", false);
        settings.put("apicurio.registry.artifact-resolver-strategy", TopicRecordSubjectStrategy.class.getName());
        settings.put("apicurio.registry.use-specific-avro-reader", true);
        settings.put("apicurio.registry.avro-datum-provider", SchemaKeyedDatumProvider.class.getName());
        return settings;
    }

    /**
     * Everything a producer of events needs: String keys, registry-serialized values, idempotent
     * with acks=all so a retried send never duplicates or reorders an envoy's events.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = new HashMap<>(settings(registryUrl));
        config.put("bootstrap.servers", bootstrapServers);
        config.put("enable.idempotence", true);
        config.put("acks", "all");
        config.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        config.put("value.serializer", AvroKafkaSerializer.class);
        return config;
    }

    /** A value serde for event topics. */
    public static Serde<SpecificRecord> valueSerde(String registryUrl) {
        return valueSerde(registryUrl, null);
    }

    /**
     * A value serde for the event topics named with {@code topicPrefix}, whose reader refuses a
     * record that does not belong on the topic it was read from (see {@link EventDeserializer}).
     */
    public static Serde<SpecificRecord> valueSerde(String registryUrl, String topicPrefix) {
        Map<String, Object> settings = settings(registryUrl);
        if (topicPrefix != null) {
            settings.put(EventDeserializer.TOPIC_PREFIX_CONFIG, topicPrefix);
        }
        Serializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(settings, false);
        Deserializer<SpecificRecord> deserializer = new EventDeserializer();
        deserializer.configure(settings, false);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /**
     * The serde takes the registry's native API; operators and Confluent clients are given the
     * Confluent-compatible one. Either base URL of an Apicurio server is accepted here.
     */
    static String nativeApi(String registryUrl) {
        String base = registryUrl.replaceAll("/+$", "");
        int api = base.indexOf("/apis/");
        if (api >= 0) {
            base = base.substring(0, api);
        }
        return base + "/apis/registry/v3";
    }

    /** The Confluent-compatible URL of the same registry. */
    public static String confluentCompatibleApi(String registryUrl) {
        return nativeApi(registryUrl).replace("/apis/registry/v3", "/apis/ccompat/v7");
    }
}
