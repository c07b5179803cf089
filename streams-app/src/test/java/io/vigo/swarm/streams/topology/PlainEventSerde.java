package io.vigo.swarm.streams.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
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
 * Topology unit tests only: event values as (record class name, Avro binary), so
 * TopologyTestDriver runs without a registry. End-to-end tests use the real registry serde.
 */
final class PlainEventSerde implements Serde<SpecificRecord> {

    @Override
    public Serializer<SpecificRecord> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            byte[] name = value.getClass().getName().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(name.length);
            out.write(name, 0, name.length);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                new SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<SpecificRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                int length = buffer.get() & 0xff;
                String name = new String(bytes, 1, length, StandardCharsets.UTF_8);
                Schema schema = SpecificData.get().getSchema(Class.forName(name));
                return new SpecificDatumReader<SpecificRecord>(schema)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes, 1 + length, bytes.length - 1 - length, null));
            } catch (Exception e) {
                throw new SerializationException("not a test-framed event: " + e.getMessage(), e);
            }
        };
    }
}
