package io.vigo.swarm.streams.topology;

import io.vigo.swarm.streams.state.SinkNames;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.streams.fleet.EnvoyProcessor;
import io.vigo.swarm.streams.history.StoredMoment;
import io.vigo.swarm.streams.history.HistoryHorizon;
import io.vigo.swarm.streams.fleet.IngestProgress;
import io.vigo.swarm.streams.manifest.ManifestProcessor;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.EarlyAdmin;
import io.vigo.swarm.streams.state.EntryStateChange;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.RecordVersion;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.TaskState;
import io.vigo.swarm.streams.state.TaskTarget;
import io.vigo.swarm.streams.state.TaskMark;
import io.vigo.swarm.streams.state.TaskTargetUpdate;
import io.vigo.swarm.streams.tasks.TaskProcessor;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.RocksDbStores;
import io.vigo.swarm.streams.state.InternalSerde;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.SeedProblem;
import io.vigo.swarm.streams.state.SeederChange;
import io.vigo.swarm.streams.state.SeederRelation;
import io.vigo.swarm.streams.state.BlobChange;
import io.vigo.swarm.streams.state.StatusChange;
import io.vigo.swarm.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the streams app: every source, processor, store and sink, each with a stable name.
 *
 * <pre>
 * checkins, envoy-reports, operator ─┐
 * entry-states ──────────────────────┼─▶ envoy-processor ─▶ seeder-changes ─┐
 * config ─▶ allowlist-broadcaster ─▶ allowlist-broadcast ┘        ├─▶ envoy-status
 *                                                                  └─▶ task-marks (read by the gateways)
 * manifest-admin, seeder-changes ─▶ manifest-processor ─▶ entry-states
 * tasks, task-updates (from envoy-processor) ─▶ task-processor
 * </pre>
 *
 * Event topics are read with the registry serde; the app's own topics and stores use the
 * registry-free {@link InternalSerde}. There is no default serde: every edge names its own.
 */
public final class SwarmTopology {

    public static final String ENVOY_EVENTS_SOURCE = "envoy-events-source";
    public static final String ENTRY_STATES_SOURCE = "entry-states-source";
    public static final String ALLOWLIST_SOURCE = "allowlist-source";
    public static final String CONFIG_SOURCE = "config-source";
    public static final String MANIFEST_ADMIN_SOURCE = "manifest-admin-source";
    public static final String SEEDER_CHANGES_SOURCE = "seeder-changes-source";
    public static final String ENVOY_PROCESSOR = "envoy-processor";
    public static final String MANIFEST_PROCESSOR = "manifest-processor";
    public static final String ALLOWLIST_BROADCASTER = "allowlist-broadcaster";
    public static final String ALLOWLIST_BROADCAST_SINK = "allowlist-broadcast-sink";
    public static final String TASKS_SOURCE = "tasks-source";
    public static final String TASK_UPDATES_SOURCE = "task-updates-source";
    public static final String TASK_PROCESSOR = "task-processor";

    /** Offline punctuator period; the spec asks for at most 250 ms. */
    public static final Duration OFFLINE_TICK = Duration.ofMillis(250);

    private SwarmTopology() {
    }

    public static Topology build(TopicNames topics, Serde<SpecificRecord> eventSerde, IngestProgress ingest) {
        return build(topics, eventSerde, ingest, HistoryHorizon.DEFAULT);
    }

    public static Topology build(TopicNames topics, Serde<SpecificRecord> eventSerde, IngestProgress ingest, Duration horizon) {
        Deserializer<String> keys = Serdes.String().deserializer();
        Serializer<String> keyWriter = Serdes.String().serializer();
        Topology topology = new Topology();
        CommitPacer pacer = CommitPacer.systemClock();

        // The allowlist lives on one partition of `config`; every envoy-side partition needs it.
        topology.addSource(CONFIG_SOURCE, keys, eventSerde.deserializer(), topics.config());
        topology.addProcessor(ALLOWLIST_BROADCASTER, pacer.paced(AllowlistBroadcaster::new), CONFIG_SOURCE);
        topology.addSink(ALLOWLIST_BROADCAST_SINK, topics.allowlistBroadcast(), keyWriter,
                internal(AllowlistState.class).serializer(), new Broadcast<>(), ALLOWLIST_BROADCASTER);

        // Envoy side, partitioned by hostname.
        topology.addSource(ENVOY_EVENTS_SOURCE, keys, eventSerde.deserializer(),
                topics.checkins(), topics.envoyReports(), topics.operator());
        topology.addSource(ENTRY_STATES_SOURCE, keys, widen(internal(EntryStateChange.class).deserializer()), topics.entryStates());
        topology.addSource(ALLOWLIST_SOURCE, keys, widen(internal(AllowlistState.class).deserializer()), topics.allowlistBroadcast());
        topology.addProcessor(ENVOY_PROCESSOR, pacer.paced(() -> new EnvoyProcessor(ingest, OFFLINE_TICK, horizon)),
                ENVOY_EVENTS_SOURCE, ENTRY_STATES_SOURCE, ALLOWLIST_SOURCE);
        topology.addStateStore(store(StoreNames.FLEET_INDEX, EnvoyState.class), ENVOY_PROCESSOR);
        topology.addStateStore(store(StoreNames.PEER_RECORDS, PeerHolding.class), ENVOY_PROCESSOR);
        topology.addStateStore(store(StoreNames.ENVOY_SEEDS, HostSeed.class), ENVOY_PROCESSOR);
        topology.addStateStore(store(StoreNames.SEED_PROBLEMS, SeedProblem.class), ENVOY_PROCESSOR);
        // Both derived from FleetIndex and rebuilt from it whenever the task starts, so not changelogged.
        // The deadline index moves every online envoy's entry once per deadline period (a delete and
        // a put); the peer order's key moves were 4 of the 7 changelog records a peer-record update cost.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                RocksDbStores.persistent(StoreNames.OFFLINE_DEADLINES), Serdes.Bytes(), Serdes.String()).withLoggingDisabled(), ENVOY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                RocksDbStores.persistent(StoreNames.PEER_ORDER), Serdes.Bytes(), Serdes.String()).withLoggingDisabled(), ENVOY_PROCESSOR);
        topology.addStateStore(totalsStore(StoreNames.FLEET_TOTALS, FleetTotals.class), ENVOY_PROCESSOR);
        topology.addStateStore(historyStore(StoreNames.FLEET_HISTORY, FleetTotals.class), ENVOY_PROCESSOR);
        topology.addStateStore(store(StoreNames.ALLOWLIST, AllowlistState.class), ENVOY_PROCESSOR);
        topology.addStateStore(historyStore(StoreNames.ALLOWLIST_HISTORY, AllowlistState.class), ENVOY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                RocksDbStores.persistent(StoreNames.ENVOY_HISTORY), Serdes.Bytes(), StoredMoment.SERDE), ENVOY_PROCESSOR);
        topology.addStateStore(historyStore(StoreNames.BLOB_HISTORY, BlobChange.class), ENVOY_PROCESSOR);
        topology.addSink(SinkNames.SEEDER_CHANGES, topics.seederChanges(), keyWriter,
                narrow(internal(SeederChange.class).serializer()), ENVOY_PROCESSOR);
        topology.addSink(SinkNames.ENVOY_STATUS, topics.envoyStatus(), keyWriter,
                narrow(internal(StatusChange.class).serializer()), ENVOY_PROCESSOR);

        topology.addStateStore(store(StoreNames.ENVOY_TASKS, EnvoyTask.class), ENVOY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                RocksDbStores.persistent(StoreNames.TASK_DEADLINES), Serdes.Bytes(), Serdes.String()), ENVOY_PROCESSOR);
        topology.addSink(SinkNames.TASK_UPDATES, topics.taskUpdates(), keyWriter,
                narrow(internal(TaskTargetUpdate.class).serializer()), ENVOY_PROCESSOR);
        // Read by the gateways, which know no schemas: the ETag's text, or a tombstone when none is pending.
        topology.addSink(SinkNames.TASK_MARKS, topics.taskMarks(), keyWriter,
                (topic, mark) -> mark == null ? null : ((TaskMark) mark).getEtag().getBytes(StandardCharsets.UTF_8), ENVOY_PROCESSOR);

        // Task side, partitioned by task id.
        topology.addSource(TASKS_SOURCE, keys, eventSerde.deserializer(), topics.tasks());
        topology.addSource(TASK_UPDATES_SOURCE, keys, widen(internal(TaskTargetUpdate.class).deserializer()), topics.taskUpdates());
        topology.addProcessor(TASK_PROCESSOR, pacer.paced(TaskProcessor::new), TASKS_SOURCE, TASK_UPDATES_SOURCE);
        topology.addStateStore(store(StoreNames.TASKS, TaskState.class), TASK_PROCESSOR);
        topology.addStateStore(store(StoreNames.TASK_TARGETS, TaskTarget.class), TASK_PROCESSOR);

        // Manifest side, partitioned by sha.
        topology.addSource(MANIFEST_ADMIN_SOURCE, keys, eventSerde.deserializer(), topics.manifestAdmin());
        topology.addSource(SEEDER_CHANGES_SOURCE, keys, widen(internal(SeederChange.class).deserializer()), topics.seederChanges());
        topology.addProcessor(MANIFEST_PROCESSOR, pacer.paced(() -> new ManifestProcessor(horizon)), MANIFEST_ADMIN_SOURCE, SEEDER_CHANGES_SOURCE);
        topology.addStateStore(store(StoreNames.MANIFEST, ManifestEntryState.class), MANIFEST_PROCESSOR);
        topology.addStateStore(store(StoreNames.ENTRY_SEEDERS, SeederRelation.class), MANIFEST_PROCESSOR);
        topology.addStateStore(store(StoreNames.EARLY_ADMIN, EarlyAdmin.class), MANIFEST_PROCESSOR);
        topology.addStateStore(totalsStore(StoreNames.MANIFEST_TOTALS, ManifestTotals.class), MANIFEST_PROCESSOR);
        topology.addStateStore(historyStore(StoreNames.MANIFEST_HISTORY, ManifestTotals.class), MANIFEST_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                RocksDbStores.persistent(StoreNames.MANIFEST_VERSIONS), Serdes.Bytes(), internal(RecordVersion.class)), MANIFEST_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                RocksDbStores.persistent(StoreNames.MANIFEST_EXPIRIES), Serdes.Bytes(), Serdes.String()), MANIFEST_PROCESSOR);
        topology.addSink(SinkNames.ENTRY_STATES, topics.entryStates(), keyWriter,
                narrow(internal(EntryStateChange.class).serializer()), MANIFEST_PROCESSOR);
        return topology;
    }

    /** Turns the allowlist event into the internal value every envoy-side partition stores. */
    static final class AllowlistBroadcaster extends ContextualProcessor<String, SpecificRecord, String, AllowlistState> {
        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.value() instanceof SeedingAllowlistSet set) {
                if (!TopicNames.ALLOWLIST_SETTING.equals(record.key())) {
                    throw new InvalidEventException("SeedingAllowlistSet must be keyed \"" + TopicNames.ALLOWLIST_SETTING + "\"");
                }
                // A malformed pattern would admit nobody: the whole setting is refused, the last good one stays.
                set.getPatterns().forEach(pattern -> EventRules.pattern("allowlist pattern", pattern));
                EventRules.hostname(set.getServerHostname(), set.getServerHostname());
                context().forward(record.withValue(new AllowlistState(set.getPatterns(), set.getServerHostname())));
            } else if (record.value() != null) {
                throw new InvalidEventException(record.value().getSchema().getFullName() + " is not a known setting");
            }
        }
    }

    /** Sends a record to every partition of its topic. */
    static final class Broadcast<K, V> implements StreamPartitioner<K, V> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
    }

    private static <T extends SpecificRecord> InternalSerde<T> internal(Class<T> type) {
        return InternalSerde.of(type);
    }

    private static <T extends SpecificRecord> StoreBuilder<KeyValueStore<String, T>> store(String name, Class<T> type) {
        return Stores.keyValueStoreBuilder(RocksDbStores.persistent(name), Serdes.String(), internal(type));
    }

    /**
     * One key per partition, rewritten by every change of an envoy's contribution (every cache
     * change) or of an entry's: cached, so that a commit interval's writes reach RocksDB and the
     * changelog as one record instead of one each. Queries read through the cache, so they still see
     * every write at once. (The views keyed by envoy or blob are not cached: their keys seldom repeat
     * within a commit, and Kafka Streams' cache in front of them cost more than it saved.)
     */
    private static <T extends SpecificRecord> StoreBuilder<KeyValueStore<Integer, T>> totalsStore(String name, Class<T> type) {
        return Stores.keyValueStoreBuilder(RocksDbStores.persistent(name), Serdes.Integer(), internal(type)).withCachingEnabled();
    }

    /**
     * Keyed by moment (see TotalsHistory, ValueHistory): bytes, so they sort by time. Not cached: a
     * cache would merge one millisecond's changes before the changelog, but at 100,000 envoys
     * (every offline decision at its own millisecond) its entries, about 400 bytes of heap each,
     * filled the 160 MB heap and the app spent its time in GC.
     */
    private static <T extends SpecificRecord> StoreBuilder<KeyValueStore<Bytes, T>> historyStore(String name, Class<T> type) {
        return Stores.keyValueStoreBuilder(RocksDbStores.persistent(name), Serdes.Bytes(), internal(type));
    }

    @SuppressWarnings("unchecked")
    private static Deserializer<SpecificRecord> widen(Deserializer<? extends SpecificRecord> deserializer) {
        return (Deserializer<SpecificRecord>) deserializer;
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<SpecificRecord> narrow(Serializer<T> serializer) {
        return (topic, value) -> serializer.serialize(topic, (T) value);
    }
}
