package io.vigo.swarm.streams.errors;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
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
 * (the header names of Kafka Streams' own dead-letter records). An unreachable or failing registry
 * is not a bad record: the thread fails, is replaced, and retries from the last commit.
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

    private String topic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (configured == null) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must name the dead-letter topic");
        }
        topic = configured.toString();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (registryUnavailable(exception)) {
            REGISTRY_RETRIES.incrementAndGet();
            log.warn("schema registry unavailable while decoding {}-{}@{}; retrying from the last commit: {}",
                    record.topic(), record.partition(), record.offset(), exception.getMessage());
            return DeserializationExceptionHandler.Response.fail();
        }
        String problem = wireFormatProblem(record.value());
        String message = problem == null ? describe(exception) : problem + " (" + describe(exception) + ")";
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
                context.headers(), context, exception.getClass().getName(), describe(exception))));
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

    /**
     * What is wrong with a value's framing, in an operator's words, or null when it looks like the
     * Confluent wire format (magic byte 0, a 4-byte schema id, then the body). The serde's own
     * message for a missing magic byte ("artifact reference cannot be null") names no cause.
     */
    static String wireFormatProblem(byte[] value) {
        if (value == null) {
            return "no value";
        }
        if (value.length == 0) {
            return "an empty value, not the Confluent wire format";
        }
        if (value[0] != 0) {
            return String.format(java.util.Locale.ROOT, "not the Confluent wire format: first byte 0x%02x, not the magic byte 0x00", value[0]);
        }
        if (value.length < 5) {
            return "not the Confluent wire format: " + value.length + " bytes, shorter than the 5-byte header";
        }
        return null;
    }

    /** Whether decoding failed because the registry could not answer, rather than because of the bytes. */
    static boolean registryUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (t instanceof IOException && !(t.getClass().getName().startsWith("org.apache.avro"))) {
                return true;
            }
            Integer status = httpStatusOf(t);
            if (status != null && status >= 500) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
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

    /** One line naming the failure: the message, or the registry's problem detail, of the most specific cause. */
    static String describe(Throwable failure) {
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

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
