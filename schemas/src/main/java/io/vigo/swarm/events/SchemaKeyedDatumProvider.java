package io.vigo.swarm.events;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's default datum provider with its readers and writers looked up by the schema itself.
 * The default one looks them up by the schema's canonical-form fingerprint, which it computes
 * again for every record (it prints the schema as JSON and hashes it): that was half of the bench's
 * load generator and about an eighth of the streams app's stream thread (BENCHMARKS.md).
 *
 * <p>The schemas passed in live as long as the process: a generated class's own schema when
 * writing, and the resolver's cached parse of a registry id when reading. Avro caches a schema's
 * hash and compares the same instance in one step, so a lookup is a hash-map probe; a different
 * but equal schema finds the same entry, and the maps hold one entry per schema the process meets.
 */
public final class SchemaKeyedDatumProvider<T> implements AvroDatumProvider<T> {

    private final DefaultAvroDatumProvider<T> delegate = new DefaultAvroDatumProvider<>();
    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public void configure(AvroSerdeConfig config) {
        delegate.configure(config);
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (!(data instanceof SpecificRecord)) {
            return delegate.createDatumWriter(data, schema); // the default keeps generic and specific writers apart
        }
        return specificWriters.computeIfAbsent(schema, s -> delegate.createDatumWriter(data, s));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return readers.computeIfAbsent(schema, delegate::createDatumReader);
    }

    @Override
    public Schema toSchema(T data) {
        return delegate.toSchema(data);
    }
}
