package io.vigo.swarm.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The build's schema evolution gate: runs on every build, fails it on a breaking change. */
class SchemaHistoryTest {

    private static final SchemaHistory KEPT = new SchemaHistory(Path.of("history"));

    @Test
    void everyEventSchemaIsKeptAndCompatibleWithItsPreviousVersions() {
        assertThat(EventCatalogue.all()).isNotEmpty();
        for (Schema schema : EventCatalogue.all()) {
            assertThat(KEPT.check(schema)).as(schema.getFullName()).isEmpty();
        }
    }

    @Test
    void aFieldRemovedWithoutDefaultIsReportedAsBreaking() {
        var broken = new SchemaHistory(Path.of("src/test/resources/broken-history"));
        Schema inUse = broken.versionsOf("io.vigo.swarm.events.EnvoyCheckIn").get(1);

        assertThat(broken.check(inUse))
                .singleElement()
                .asString()
                .contains("v1 cannot read v2 data (forward)")
                .contains("swarmEnabled");
    }

    @Test
    void aSchemaChangedWithoutKeepingANewVersionIsReported() {
        Schema changed = new Schema.Parser().parse(EnvoyCheckIn.getClassSchema().toString()
                .replace("\"name\":\"agentVersion\"", "\"name\":\"agentBuild\""));

        assertThat(KEPT.check(changed)).anySatisfy(p -> assertThat(p).contains("differs from v1"));
    }

    @Test
    void everyEnumHasADefaultSymbol() {
        for (Schema schema : EventCatalogue.all()) {
            schema.getFields().forEach(field -> assertEnumDefaults(field.schema()));
        }
    }

    private static void assertEnumDefaults(Schema schema) {
        switch (schema.getType()) {
            case ENUM -> assertThat(schema.getEnumDefault()).as(schema.getFullName()).isNotNull();
            case ARRAY -> assertEnumDefaults(schema.getElementType());
            case MAP -> assertEnumDefaults(schema.getValueType());
            case RECORD -> schema.getFields().forEach(f -> assertEnumDefaults(f.schema()));
            case UNION -> schema.getTypes().forEach(SchemaHistoryTest::assertEnumDefaults);
            default -> { }
        }
    }
}
