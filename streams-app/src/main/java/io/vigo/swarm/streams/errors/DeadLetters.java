package io.vigo.swarm.streams.errors;

import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.events.EventDeserializer;
import io.vigo.swarm.events.RegistryUnavailableException;
import io.vigo.swarm.events.UndecodableEventException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes bad input to the dead-letter topic inside the task's transaction: a record that cannot be
 * decoded while the registry is healthy, or an event that breaks {@link EventRules}. The record
 * keeps its original key, value and headers; added headers name the error and where it came from
 * (the header names of Kafka Streams' own dead-letter records). {@link EventDeserializer} says which
 * failures are the registry's: those are not bad records, and the thread fails, is replaced, and
 * retries from the last commit.
 */
public final class DeadLetters implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * Times a decode waited for the registry, in this process. Kafka Streams creates the handlers,
     * so the count lives here; the app exports it as vigo_registry_unavailable_retries.
     */
    public static final java.util.concurrent.atomic.AtomicLong REGISTRY_RETRIES = new java.util.concurrent.atomic.AtomicLong();

    /** Config key of an optional {@link RegistryOutages} told of each decode that waited for the registry. */
    public static final String REGISTRY_OUTAGES_CONFIG = "vigo.registry.outages";

    /** Hears of every decode that waited for the registry, with what the lookup said. */
    public interface RegistryOutages {
        void registryUnavailable(String message);
    }

    private RegistryOutages outages = message -> { };

    private String topic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (configured == null) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must name the dead-letter topic");
        }
        topic = configured.toString();
        if (configs.get(REGISTRY_OUTAGES_CONFIG) instanceof RegistryOutages listener) {
            outages = listener;
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        RegistryUnavailableException unavailable = causeOfType(exception, RegistryUnavailableException.class);
        if (unavailable != null) {
            REGISTRY_RETRIES.incrementAndGet();
            outages.registryUnavailable(unavailable.getMessage());
            log.warn("schema registry unavailable while decoding {}-{}@{}; retrying from the last commit: {}",
                    record.topic(), record.partition(), record.offset(), unavailable.getMessage());
            return DeserializationExceptionHandler.Response.fail();
        }
        // Whatever else failed, the registry answered (or was never asked): the bytes are at fault.
        UndecodableEventException undecodable = causeOfType(exception, UndecodableEventException.class);
        String message = undecodable != null ? undecodable.getMessage() : EventDeserializer.describe(exception);
        log.warn("undecodable record {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(), topic, message);
        return DeserializationExceptionHandler.Response.resume(List.of(
                deadLetter(record.key(), record.value(), record.headers(), context, exception.getClass().getName(), message)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof InvalidEventException)) {
            // A bug or an infrastructure failure, not bad input: stop rather than lose the event.
            return ProcessingExceptionHandler.Response.fail();
        }
        log.warn("invalid event {}-{}@{} sent to {}: {}", context.topic(), context.partition(), context.offset(),
                topic, exception.getMessage());
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), context, exception.getClass().getName(), EventDeserializer.describe(exception))));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value,
            org.apache.kafka.common.header.Headers original, ErrorHandlerContext context, String exceptionClass, String message) {
        RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        headers.add(HEADER_EXCEPTION, utf8(exceptionClass));
        headers.add(HEADER_MESSAGE, utf8(message));
        headers.add(HEADER_TOPIC, utf8(context.topic()));
        headers.add(HEADER_PARTITION, utf8(String.valueOf(context.partition())));
        headers.add(HEADER_OFFSET, utf8(String.valueOf(context.offset())));
        // The original record's timestamp, so a dead letter sorts beside the input it came from.
        return new ProducerRecord<>(topic, null, context.timestamp() >= 0 ? context.timestamp() : null, key, value, headers);
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
