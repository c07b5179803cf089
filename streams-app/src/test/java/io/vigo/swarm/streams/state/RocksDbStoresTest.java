package io.vigo.swarm.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The stores' one departure from RocksDBStore: a delete that does not read first. */
class RocksDbStoresTest {

    private static final String STORE = "things";

    /** "key=value" puts, "key=" deletes; what each delete returned is forwarded. */
    private static final class PutOrDelete extends ContextualProcessor<String, String, String, String> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, String> context) {
            super.init(context);
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value().isEmpty()) {
                context().forward(record.withValue(String.valueOf(store.delete(record.key()))));
            } else {
                store.put(record.key(), record.value());
            }
        }
    }

    @Test
    void aDeleteRemovesTheKeyAndLogsATombstoneButDoesNotReturnTheOldValue() throws Exception {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        topology.addProcessor("p", PutOrDelete::new, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(RocksDbStores.persistent(STORE), Serdes.String(), Serdes.String()), "p");
        topology.addSink("out", "out", Serdes.String().serializer(), Serdes.String().serializer(), "p");
        Path stateDir = Files.createTempDirectory("rocksdb-stores-test");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
            TestOutputTopic<String, String> changelog = driver.createOutputTopic("app-" + STORE + "-changelog",
                    Serdes.String().deserializer(), Serdes.String().deserializer());

            in.pipeInput("a", "1");
            in.pipeInput("b", "2");
            in.pipeInput("a", "");
            in.pipeInput("never-written", "");

            KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("a")).isNull();
            assertThat(store.get("b")).isEqualTo("2");
            assertThat(out.readValuesToList()).containsExactly("null", "null");
            assertThat(changelog.readKeyValuesToList()).containsExactly(
                    KeyValue.pair("a", "1"), KeyValue.pair("b", "2"), KeyValue.pair("a", null), KeyValue.pair("never-written", null));
        } finally {
            Utils.delete(stateDir.toFile());
        }
    }
}
