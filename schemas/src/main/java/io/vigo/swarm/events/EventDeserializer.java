package io.vigo.swarm.events;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.serde.avro.AvroDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.kafka.KafkaDeserializer;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Decodes an event value (Confluent wire format through the registry) and says exactly why it
 * could not: {@link RegistryUnavailableException} when the registry lookup itself failed to get an
 * answer, {@link UndecodableEventException} for everything that is wrong with the bytes — framing,
 * an id the registry says it does not know, a body that does not decode, or bytes left over after
 * the record. The two phases are told apart by where the failure happened (the serde's lookup or
 * its body read), never by the type of the decoder's exception: a truncated body throws an
 * {@code EOFException}, which is an {@code IOException} like a refused connection.
 */
public final class EventDeserializer extends KafkaDeserializer<Schema, SpecificRecord> {

    /**
     * When set, the physical topic prefix of the event topics: a value on one of them must be one
     * of the records {@link EventCatalogue} puts on that topic, or it is not an event of it.
     */
    public static final String TOPIC_PREFIX_CONFIG = "vigo.events.topic-prefix";

    private String topicPrefix;

    public EventDeserializer() {
        super(new PhasedAvroDeserializer());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
        ((PhasedAvroDeserializer) delegatedDeserializer).readers.configure(new AvroSerdeConfig(configs));
        Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
        topicPrefix = prefix == null ? null : prefix.toString();
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        return onItsTopic(topic, classified(() -> super.deserialize(topic, data), data));
    }

    @Override
    public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
        return onItsTopic(topic, classified(() -> super.deserialize(topic, headers, data), data));
    }

    private SpecificRecord onItsTopic(String topic, SpecificRecord event) {
        if (event == null || topicPrefix == null || topic == null || !topic.startsWith(topicPrefix)) {
            return event;
        }
        List<Schema> carried = EventCatalogue.onTopic(topic.substring(topicPrefix.length()));
        if (!carried.isEmpty() && carried.stream().noneMatch(s -> s.getFullName().equals(event.getSchema().getFullName()))) {
            throw new UndecodableEventException(event.getSchema().getFullName() + " does not belong on " + topic);
        }
        return event;
    }

    private static SpecificRecord classified(java.util.function.Supplier<SpecificRecord> decode, byte[] data) {
        String framing = data == null ? null : wireFormatProblem(data);
        if (framing != null) {
            throw new UndecodableEventException(framing); // no id to look up: the registry is not asked
        }
        try {
            return decode.get();
        } catch (UndecodableEventException | RegistryUnavailableException known) {
            throw known;
        } catch (RuntimeException header) {
            // Neither the lookup nor the body read: the serde refused the header before either.
            throw new UndecodableEventException("not an event: " + describe(header), header);
        }
    }

    /**
     * What is wrong with a value's framing, in an operator's words, or null when it looks like the
     * Confluent wire format (magic byte 0, a 4-byte schema id, then the body). The serde's own
     * message for a missing magic byte ("artifact reference cannot be null") names no cause.
     */
    public static String wireFormatProblem(byte[] value) {
        if (value == null) {
            return "no value";
        }
        if (value.length == 0) {
            return "an empty value, not the Confluent wire format";
        }
        if (value[0] != 0) {
            return String.format(Locale.ROOT, "not the Confluent wire format: first byte 0x%02x, not the magic byte 0x00", value[0]);
        }
        if (value.length < 5) {
            return "not the Confluent wire format: " + value.length + " bytes, shorter than the 5-byte header";
        }
        return null;
    }

    /** One line naming a failure: the message, or the registry's problem detail, of each cause in turn. */
    public static String describe(Throwable failure) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = failure; t != null && line.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            String text = detailOf(t);
            if (text != null && !text.isBlank() && line.indexOf(text) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(text);
            }
        }
        return line.length() == 0 ? failure.getClass().getName() : line.toString();
    }

    private static String detailOf(Throwable t) {
        try {
            Object detail = t.getClass().getMethod("getDetail").invoke(t);
            if (detail instanceof String text && !text.isBlank()) {
                return text;
            }
        } catch (ReflectiveOperationException | RuntimeException notThisKind) {
            // fall back to the message
        }
        String message = t.getMessage();
        return message == null || message.equals(t.getClass().getName()) ? null : message;
    }

    /** The serde's Avro reader with its two phases made visible: the registry lookup, then the body read. */
    static final class PhasedAvroDeserializer extends AvroDeserializer<SpecificRecord> {

        final SchemaKeyedDatumProvider<SpecificRecord> readers = new SchemaKeyedDatumProvider<>();

        @Override
        protected SchemaLookupResult<Schema> resolve(String topic, byte[] data, ArtifactReference reference) {
            if (reference == null || (reference.getContentId() == null && reference.getGlobalId() == null)) {
                throw new UndecodableEventException("no schema id in the value's header");
            }
            try {
                return super.resolve(topic, data, reference);
            } catch (RuntimeException failure) {
                throw lookupFailure(reference, failure);
            }
        }

        /**
         * The registry answered when it sent a client error (an id it does not know) or a schema
         * that does not parse as Avro: the record is at fault. Anything else — a transport failure,
         * a timeout, a server error, or a failure nobody classified — is the registry's, and is
         * retried rather than risk dead-lettering a good record.
         */
        static RuntimeException lookupFailure(ArtifactReference reference, RuntimeException failure) {
            String id = reference == null ? "?" : String.valueOf(reference.getContentId() != null ? reference.getContentId() : reference.getGlobalId());
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (transportFailure(t)) {
                    break;
                }
                Integer status = httpStatusOf(t);
                if (status != null && status >= 400 && status < 500) {
                    return new UndecodableEventException("schema id " + id + " is unknown to the registry (HTTP " + status + "): "
                            + describe(failure), failure);
                }
                if (t instanceof org.apache.avro.SchemaParseException) {
                    return new UndecodableEventException("schema id " + id + " is not an Avro schema: " + describe(failure), failure);
                }
            }
            return new RegistryUnavailableException("the schema registry did not answer the lookup of schema id " + id + ": "
                    + describe(failure), failure);
        }

        private static boolean transportFailure(Throwable t) {
            Integer status = httpStatusOf(t);
            return t instanceof IOException || t instanceof HttpTimeoutException || (status != null && status >= 500);
        }

        /** The HTTP status a registry client exception carries (Kiota's ApiException, Apicurio's ProblemDetails), if any. */
        private static Integer httpStatusOf(Throwable t) {
            for (String accessor : new String[] {"getResponseStatusCode", "getStatus"}) {
                try {
                    Object value = t.getClass().getMethod(accessor).invoke(t);
                    if (value instanceof Integer status) {
                        return status;
                    }
                } catch (ReflectiveOperationException | RuntimeException notThisKind) {
                    // not an HTTP-carrying exception
                }
            }
            return null;
        }

        /** Decodes the body strictly: every byte must belong to the record, or the bytes are not that event. */
        @Override
        protected SpecificRecord readData(ParsedSchema<Schema> schema, ByteBuffer buffer, int start, int length) {
            Schema writer = schema.getParsedSchema();
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(buffer.array(), start, length, null);
                SpecificRecord value = readers.createDatumReader(writer).read(null, decoder);
                if (!decoder.isEnd()) {
                    throw new UndecodableEventException("the Avro body has bytes left over after a whole " + writer.getFullName());
                }
                return value;
            } catch (UndecodableEventException leftOver) {
                throw leftOver;
            } catch (IOException | RuntimeException e) {
                throw new UndecodableEventException("the Avro body does not decode as " + writer.getFullName() + ": " + describe(e), e);
            }
        }
    }
}
