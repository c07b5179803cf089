package io.vigo.swarm.events;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.resolver.strategy.ArtifactReferenceResolverStrategy;
import io.apicurio.registry.serde.data.SerdeRecord;
import org.apache.avro.Schema;

/**
 * Registers each event record as the subject {@code <topic>-<record full name>} in the registry's
 * default group, which is the Confluent TopicRecordNameStrategy. Apicurio's own TopicRecordIdStrategy
 * puts the namespace in a group and drops it from the name, so the Confluent-compatible API (which
 * lists the default group only) would show no subjects.
 */
public final class TopicRecordSubjectStrategy implements ArtifactReferenceResolverStrategy<Schema, Object> {

    @Override
    public ArtifactReference artifactReference(Record<Object> data, ParsedSchema<Schema> parsedSchema) {
        Schema schema = parsedSchema.getParsedSchema();
        if (schema == null || schema.getType() != Schema.Type.RECORD) {
            throw new IllegalStateException("event values must be Avro records");
        }
        String topic = ((SerdeRecord<?>) data).metadata().getTopic();
        return ArtifactReference.builder().artifactId(topic + "-" + schema.getFullName()).build();
    }
}
