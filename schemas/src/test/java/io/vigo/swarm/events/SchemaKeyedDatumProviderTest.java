package io.vigo.swarm.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaKeyedDatumProviderTest {

    private static final String SHA = "ab".repeat(32);
    private static final EnvoyCheckIn CHECK_IN =
            new EnvoyCheckIn("host-1", "2.4.1", 15_000L, true, Instant.ofEpochMilli(1_700_000_000_000L), 3L, 42L);

    private static SchemaKeyedDatumProvider<Object> provider() {
        SchemaKeyedDatumProvider<Object> provider = new SchemaKeyedDatumProvider<>();
        provider.configure(new AvroSerdeConfig(Map.of("apicurio.registry.use-specific-avro-reader", true)));
        return provider;
    }

    @Test
    void oneWriterAndOneReaderPerSchemaAndARecordComesBackWhole() throws IOException {
        SchemaKeyedDatumProvider<Object> provider = provider();
        Schema schema = CHECK_IN.getSchema();
        Schema equalCopy = new Schema.Parser().parse(schema.toString());

        DatumWriter<Object> writer = provider.createDatumWriter(CHECK_IN, schema);
        DatumReader<Object> reader = provider.createDatumReader(schema);

        assertThat(writer).isInstanceOf(SpecificDatumWriter.class)
                .isSameAs(provider.createDatumWriter(CHECK_IN, schema))
                .isSameAs(provider.createDatumWriter(CHECK_IN, equalCopy));
        assertThat(reader).isInstanceOf(SpecificDatumReader.class).isSameAs(provider.createDatumReader(equalCopy));
        assertThat(reader.read(null, DecoderFactory.get().binaryDecoder(write(writer, CHECK_IN), null))).isEqualTo(CHECK_IN);
    }

    @Test
    void differentSchemasGetTheirOwnWriters() {
        SchemaKeyedDatumProvider<Object> provider = provider();
        SpecificRecord removed = new PeerRecordRemoved("host-1", 3L, 43L, SHA);

        assertThat(provider.createDatumWriter(CHECK_IN, CHECK_IN.getSchema()))
                .isNotSameAs(provider.createDatumWriter(removed, removed.getSchema()));
        assertThat(provider.createDatumReader(CHECK_IN.getSchema()))
                .isNotSameAs(provider.createDatumReader(removed.getSchema()));
    }

    @Test
    void aGenericRecordGetsAGenericWriter() throws IOException {
        SchemaKeyedDatumProvider<Object> provider = provider();
        GenericData.Record generic = new GenericData.Record(PeerRecordRemoved.getClassSchema());
        generic.put("hostname", "host-1");
        generic.put("agentEpoch", 3L);
        generic.put("sequence", 43L);
        generic.put("sha", SHA);

        DatumWriter<Object> writer = provider.createDatumWriter(generic, generic.getSchema());

        assertThat(writer).isInstanceOf(GenericDatumWriter.class).isNotInstanceOf(SpecificDatumWriter.class);
        Object read = provider.createDatumReader(PeerRecordRemoved.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(write(writer, generic), null));
        assertThat(read).isEqualTo(new PeerRecordRemoved("host-1", 3L, 43L, SHA));
    }

    private static byte[] write(DatumWriter<Object> writer, Object datum) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(datum, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
