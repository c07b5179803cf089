package io.vigo.swarm.bench;

import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.streams.app.StreamsApp;
import io.vigo.swarm.streams.topology.CommitPacer;
import io.vigo.swarm.topics.TopicNames;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo _bench-baseline}: the yardstick of the ingest ratio. A Kafka Streams job that
 * reads the event topics the streams app reads, with the same value serde (registry Avro),
 * exactly-once v2, the same commit pacing, record cache and default format locale, and only counts
 * records per key in a persistent store. Whatever the streams app does beyond this is the cost of its views.
 */
@Command(name = "_bench-baseline", hidden = true, description = "Run the benchmark's baseline Streams job (counts per key) until stopped.")
public final class BaselineCommand implements Callable<Integer> {

    static final String STORE = "counts";

    @Option(names = "--bootstrap-servers", required = true) String bootstrapServers;
    @Option(names = "--registry-url", required = true) String registryUrl;
    @Option(names = "--application-id", required = true) String applicationId;
    @Option(names = "--state-dir", required = true) Path stateDir;
    @Option(names = "--topic-prefix", defaultValue = "vigo.") String topicPrefix;
    @Option(names = "--threads", defaultValue = "1") int threads;

    @Override
    public Integer call() throws Exception {
        TopicNames topics = new TopicNames(topicPrefix);
        Topology topology = new Topology();
        topology.addSource("events", Serdes.String().deserializer(), RegistrySerdes.valueSerde(registryUrl).deserializer(),
                topics.checkins(), topics.envoyReports(), topics.operator());
        topology.addProcessor("count", CommitPacer.systemClock().paced(Counter::new), "events");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()), "count");

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) CommitPacer.CATCHING_UP_EVERY_MS);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16 * 1024 * 1024L);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        StreamsApp.formatNumbersAsUs(); // as the app does, so that Kafka Streams' own per-record work costs both the same
        KafkaStreams streams = new KafkaStreams(topology, props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }, "baseline-shutdown"));
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.ERROR) {
                System.err.println("baseline job failed; stopping");
                System.exit(1);
            }
        });
        streams.start();
        System.out.println("baseline job " + applicationId + " started");
        stopped.await();
        return 0;
    }

    /** Counts records per key: the least a stateful exactly-once job over these topics can do. */
    static final class Counter implements Processor<String, SpecificRecord, Void, Void> {
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.key() == null) {
                return;
            }
            Long count = counts.get(record.key());
            counts.put(record.key(), count == null ? 1 : count + 1);
        }
    }
}
