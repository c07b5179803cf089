package io.vigo.swarm.streams.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The registry-free serde of state stores, changelogs and the app's own topics: one version byte,
 * then Avro binary of the record's schema in {@code state.avdl}. The version byte lets a later
 * release read stores an earlier one wrote.
 */
public final class InternalSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte VERSION = 1;

    private final Class<T> type;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;

    private InternalSerde(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = withGeneratedCoders(schema);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.reader = new SpecificDatumReader<>(schema, schema, model);
    }

    /**
     * The generated classes' own encoders and decoders: Avro's generated code writes and reads each
     * field directly instead of walking the schema, but Avro uses it only when its model is told to
     * (off by default, for every model in the JVM, unless a system property says otherwise). Told
     * here, for the app's own formats only: the event topics' serde is left as Avro ships it. An
     * envoy's FleetIndex record encodes in 183 ns instead of 356 (a loop of 500,000 with the
     * buffered encoder below); records with a union (history's moments) keep the generic path.
     */
    private static SpecificData withGeneratedCoders(Schema schema) {
        SpecificData generated = SpecificData.getForSchema(schema);
        SpecificData model = new SpecificData(generated.getClassLoader());
        generated.getConversions().forEach(model::addLogicalTypeConversion);
        model.setCustomCoders(true);
        return model;
    }

    public static <T extends SpecificRecord> InternalSerde<T> of(Class<T> type) {
        try {
            Schema schema = (Schema) type.getField("SCHEMA$").get(null);
            return new InternalSerde<>(type, schema);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro record", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /**
     * Encodes through a buffered encoder and a buffer both kept per thread: the direct encoder this
     * replaced called the stream once per field, and each encode allocated both afresh (an envoy's
     * record: 609 ns that way, 356 ns this way; a history moment of ten records 2.6 µs, 1.6 µs).
     */
    private byte[] encode(T value) {
        Encoding encoding = ENCODING.get();
        ByteArrayOutputStream out = encoding.out;
        out.reset();
        out.write(VERSION);
        encoding.encoder = EncoderFactory.get().binaryEncoder(out, encoding.encoder);
        try {
            writer.write(value, encoding.encoder);
            encoding.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        if (out.size() > Encoding.KEPT_BYTES) {
            encoding.out = new ByteArrayOutputStream(Encoding.INITIAL_BYTES); // a resync's large moment is not kept for good
        }
        return bytes;
    }

    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    /** One thread's encoder and the buffer it writes into, reused by every encode on that thread. */
    private static final class Encoding {
        static final int INITIAL_BYTES = 1024;
        static final int KEPT_BYTES = 64 * 1024;
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
        BinaryEncoder encoder;
    }

    private T decode(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new SerializationException("unknown internal format version "
                    + (bytes.length == 0 ? "(empty)" : bytes[0]) + " for " + type.getSimpleName());
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read internal " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
