package io.vigo.swarm.streams.topology;

import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.ManifestPurged;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.RevokeReason;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.streams.fleet.IngestProgress;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.InternalSerde;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.StatusChange;
import io.vigo.swarm.topics.TopicNames;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A TopologyTestDriver around the real topology, with one-line verbs for the events of a test. */
public final class SwarmDriver implements Closeable {

    static final TopicNames TOPICS = TopicNames.DEFAULT;
    static final long INTERVAL = 15_000;
    static final Instant T0 = Instant.parse("2026-04-23T18:00:00Z");

    final AtomicBoolean caughtUp = new AtomicBoolean(true);
    final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<String, SpecificRecord> checkins;
    private final TestInputTopic<String, SpecificRecord> reports;
    private final TestInputTopic<String, SpecificRecord> operator;
    private final TestInputTopic<String, SpecificRecord> manifestAdmin;
    private final TestInputTopic<String, SpecificRecord> config;
    private final TestInputTopic<String, SpecificRecord> tasks;
    private final TestOutputTopic<String, StatusChange> status;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, String> marks;
    private final Map<String, long[]> sequences = new HashMap<>();
    private Instant now = T0;

    public SwarmDriver() {
        this(io.vigo.swarm.streams.history.HistoryHorizon.DEFAULT);
    }

    /** A driver whose topology keeps history for {@code horizon} (zero: history off). */
    SwarmDriver(java.time.Duration horizon) {
        try {
            stateDir = Files.createTempDirectory("vigo-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigo-ttd");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TOPICS.deadLetter());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, io.vigo.swarm.streams.errors.DeadLetters.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, io.vigo.swarm.streams.errors.DeadLetters.class);
        PlainEventSerde serde = new PlainEventSerde();
        IngestProgress ingest = partition -> caughtUp.get();
        driver = new TopologyTestDriver(SwarmTopology.build(TOPICS, serde, ingest, horizon), props, T0);
        var keys = Serdes.String().serializer();
        checkins = driver.createInputTopic(TOPICS.checkins(), keys, serde.serializer());
        reports = driver.createInputTopic(TOPICS.envoyReports(), keys, serde.serializer());
        operator = driver.createInputTopic(TOPICS.operator(), keys, serde.serializer());
        manifestAdmin = driver.createInputTopic(TOPICS.manifestAdmin(), keys, serde.serializer());
        config = driver.createInputTopic(TOPICS.config(), keys, serde.serializer());
        tasks = driver.createInputTopic(TOPICS.tasks(), keys, serde.serializer());
        status = driver.createOutputTopic(TOPICS.envoyStatus(), Serdes.String().deserializer(),
                InternalSerde.of(StatusChange.class).deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetter(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        marks = driver.createOutputTopic(TOPICS.taskMarks(), Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    Instant now() {
        return now;
    }

    /** Advances event time and the wall clock together, firing due punctuations. */
    void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }

    /** Moves only event time: records stamped later, as a replayed backlog would be. */
    void advanceEventTime(Duration by) {
        now = now.plus(by);
    }

    public void checkIn(String host) {
        checkIn(host, INTERVAL, true);
    }

    void checkIn(String host, long intervalMs, boolean swarmEnabled) {
        long seq = nextCheckIn(host);
        checkins.pipeInput(host, new EnvoyCheckIn(host, "0.34.1", intervalMs, swarmEnabled, now, 1L, seq), now);
    }

    void pipeCheckIn(EnvoyCheckIn event) {
        checkins.pipeInput(event.getHostname(), event, now);
    }

    public void cached(String host, String sha, long size) {
        report(host, new PeerRecordUpdated(host, 1L, nextReport(host), sha, PeerState.CACHED, size));
    }

    void downloading(String host, String sha, long bytes) {
        report(host, new PeerRecordUpdated(host, 1L, nextReport(host), sha, PeerState.DOWNLOADING, bytes));
    }

    void evicted(String host, String sha) {
        report(host, new PeerRecordRemoved(host, 1L, nextReport(host), sha));
    }

    void resync(String host, List<PeerEntry> peers, List<SeedManifest> seeds) {
        report(host, new CacheResync(host, 1L, nextReport(host), peers, seeds));
    }

    void resyncPage(String host, String from, String to, List<PeerEntry> peers, List<SeedManifest> seeds) {
        report(host, new io.vigo.swarm.events.CacheResyncPage(host, 1L, nextReport(host), from, to, peers, seeds));
    }

    void seeds(String host, String sha, String label, Subsystem subsystem) {
        report(host, new SeedAnnounced(host, 1L, nextReport(host), seed(sha, label, subsystem)));
    }

    void withdraws(String host, String sha) {
        report(host, new SeedWithdrawn(host, 1L, nextReport(host), sha));
    }

    void report(String host, SpecificRecord event) {
        reports.pipeInput(host, event, now);
    }

    void pipeRaw(String topic, String key, byte[] value) {
        driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer()).pipeInput(key, value, now);
    }

    void tag(String host, String key, String value) {
        operator.pipeInput(host, new EnvoyTagged(host, key, value, "test", now), now);
    }

    void decommission(String host) {
        operator.pipeInput(host, new EnvoyDecommissioned(host, "test", now), now);
    }

    /** Dispatch as the API writes it: the task, then one assignment per targeted host. */
    void dispatch(String taskId, Duration ttl, String... hosts) {
        tasks.pipeInput(taskId, new io.vigo.swarm.events.TaskDispatched(taskId, "vigo swarm _apply-cleanup", "*", hosts.length,
                "test", now, ttl.toSeconds()), now);
        for (String host : hosts) {
            operator.pipeInput(host, new io.vigo.swarm.events.TaskAssigned(host, taskId, "vigo swarm _apply-cleanup", now,
                    now.plus(ttl)), now);
        }
    }

    void taskResult(String host, String taskId, io.vigo.swarm.events.TaskOutcome outcome, String output) {
        report(host, new io.vigo.swarm.events.TaskResult(host, 1L, nextReport(host), taskId, outcome, output, now));
    }

    /** The task marks written since the last call, in order: (host, ETag text or null for none pending). */
    java.util.List<org.apache.kafka.streams.KeyValue<String, String>> marks() {
        return marks.readKeyValuesToList();
    }

    io.vigo.swarm.streams.state.TaskState task(String taskId) {
        return this.<String, io.vigo.swarm.streams.state.TaskState>store(StoreNames.TASKS).get(taskId);
    }

    void revoke(String sha) {
        manifestAdmin.pipeInput(sha, new ManifestRevoked(sha, RevokeReason.OPERATOR, "test", now), now);
    }

    void purge(String sha) {
        purgeAt(sha, now);
    }

    /** A revoke stamped at {@code at}, piped now: a rebuild reads the admin topic ahead of the seeds. */
    void revokeAt(String sha, Instant at) {
        manifestAdmin.pipeInput(sha, new ManifestRevoked(sha, RevokeReason.OPERATOR, "test", at), at);
    }

    void purgeAt(String sha, Instant at) {
        manifestAdmin.pipeInput(sha, new ManifestPurged(sha, "test", at), at);
    }

    public void allowlist(String serverHostname, String... patterns) {
        config.pipeInput(TopicNames.ALLOWLIST_SETTING, new SeedingAllowlistSet(List.of(patterns), serverHostname, "test", now), now);
    }

    static SeedManifest seed(String sha, String label, Subsystem subsystem) {
        return new SeedManifest(sha, label, subsystem, 1_000_000L, "*", 0L);
    }

    public static String sha(int n) {
        return String.format("%064x", n);
    }

    EnvoyState envoy(String host) {
        return this.<String, EnvoyState>store(StoreNames.FLEET_INDEX).get(host);
    }

    FleetTotals fleetTotals() {
        // The driver runs every topic as one partition: partition 0 holds the whole rollup.
        FleetTotals totals = this.<Integer, FleetTotals>store(StoreNames.FLEET_TOTALS).get(0);
        return totals == null ? new FleetTotals() : totals;
    }

    ManifestTotals manifestTotals() {
        ManifestTotals totals = this.<Integer, ManifestTotals>store(StoreNames.MANIFEST_TOTALS).get(0);
        return totals == null ? new ManifestTotals() : totals;
    }

    /**
     * The fleet totals recounted from FleetIndex, envoy by envoy, by the spec's definitions written
     * out here (not through {@code FleetContribution}, whose rules this checks).
     */
    FleetTotals recount() {
        long known = 0, population = 0, online = 0, active = 0, seeding = 0, footprint = 0;
        try (KeyValueIterator<String, EnvoyState> it = this.<String, EnvoyState>store(StoreNames.FLEET_INDEX).all()) {
            while (it.hasNext()) {
                EnvoyState envoy = it.next().value;
                if (!envoy.getKnown()) {
                    continue; // decommissioned, or only reports so far
                }
                known++;
                if (!inPopulation(envoy)) {
                    continue;
                }
                population++;
                online += envoy.getOnline() ? 1 : 0;
                active += envoy.getCached() + envoy.getDownloading() > 0 || envoy.getSeeding() > 0 ? 1 : 0;
                seeding += envoy.getSeeding() > 0 ? 1 : 0;
                footprint += envoy.getFootprintBytes();
            }
        }
        return FleetTotals.newBuilder().setKnown(known).setPopulation(population).setOnline(online)
                .setSubstrateActive(active).setSeedingEnvoys(seeding).setFootprintBytes(footprint).build();
    }

    /** The substrate population P, as the spec defines it: known, checked in, swarm enabled in its latest check-in. */
    static boolean inPopulation(EnvoyState envoy) {
        return envoy.getKnown() && envoy.getLastSeenMs() > 0 && envoy.getSwarmEnabled();
    }

    List<KeyValue<String, StatusChange>> statusChanges() {
        return status.readKeyValuesToList();
    }

    List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** A vigo sensor's value, summed over partitions; fails if the topology never registered it. */
    double metric(String name) {
        var values = driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("stream-vigo-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .toArray();
        if (values.length == 0) {
            throw new AssertionError("no metric " + name + " in group stream-vigo-metrics");
        }
        return java.util.Arrays.stream(values).sum();
    }

    public <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    private long nextCheckIn(String host) {
        return ++sequences.computeIfAbsent(host, h -> new long[2])[0];
    }

    private long nextReport(String host) {
        return ++sequences.computeIfAbsent(host, h -> new long[2])[1];
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // best effort: the temp dir is the test's own
        }
    }
}
