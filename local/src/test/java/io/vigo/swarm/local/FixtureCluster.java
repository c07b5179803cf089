package io.vigo.swarm.local;

import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.RevokeReason;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.streams.app.StreamsApp;
import io.vigo.swarm.streams.app.StreamsAppConfig;
import io.vigo.swarm.topics.TopicCatalogue;
import io.vigo.swarm.topics.TopicNames;
import io.vigo.swarm.topics.TopicProvisioner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The real system for one test class: broker, registry and streams app in this JVM (the registry
 * as a child process), on free ports in a temporary dir. The broker can be restarted at a chosen
 * moment ({@link #brokerAt}), so hand-written events carry the broker timestamps a golden file shows.
 */
final class FixtureCluster implements AutoCloseable {

    static final TopicNames TOPICS = TopicCatalogue.load().names();

    private final Path dir;
    private final Ports ports = Ports.anyFree();
    private ApicurioRegistry registry;
    private final Map<String, long[]> sequences = new HashMap<>();
    final SettableClock answers = new SettableClock(null); // the system clock until a test sets a moment
    private ShiftedTime time;
    private EmbeddedKafka kafka;
    private EnvoyPublisher publisher;
    private StreamsApp streams;
    private final List<io.vigo.swarm.gateway.Gateway> gateways = new ArrayList<>();

    private FixtureCluster() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("vigo-it");
        registry = ApicurioRegistry.start(ApicurioRegistry.home(), dir.resolve("registry"), ports.registry(),
                ports.registryManagement(), Duration.ofSeconds(90));
    }

    static FixtureCluster start() throws IOException, InterruptedException {
        return new FixtureCluster();
    }

    void stopRegistry() {
        registry.close();
    }

    /** Starts the registry again on the same port and storage, so every schema is still there. */
    void startRegistry() throws IOException, InterruptedException {
        registry = ApicurioRegistry.start(ApicurioRegistry.home(), dir.resolve("registry"), ports.registry(),
                ports.registryManagement(), Duration.ofSeconds(90));
    }

    /** (Re)starts the broker with its clock at {@code moment}; topics are applied once it is up. */
    FixtureCluster brokerAt(Instant moment) throws Exception {
        stopBroker();
        time = ShiftedTime.startingAt(moment);
        // Producers stamp reports with the real clock; a broker set in the past must accept them.
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), ports.kafka(), ports.controller(), time,
                Map.of("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin).apply(TopicCatalogue.load().resolve("dev"));
        }
        // After a restart of the in-process broker, a new idempotent producer was twice given the
        // producer id an earlier one had used (its sends refused as out of order until the delivery
        // timeout). The fixture does not depend on producer ids: like an agent's, its events carry
        // (epoch, sequence), and the views ignore a repeat.
        publisher = new EnvoyPublisher(kafka.bootstrapServers(), registry.url(), TOPICS, restarted == 0);
        restarted++;
        return this;
    }

    /** Brokers started so far (brokerAt calls). */
    private int restarted;

    Instant brokerNow() {
        return Instant.ofEpochMilli(time.milliseconds());
    }

    FixtureCluster startStreams() {
        return startStreams("vigo-swarm");
    }

    /**
     * The streams app under {@code applicationId} on the cluster's API port. Another id than the
     * default one has state, changelogs and offsets of its own: its views are rebuilt from the
     * event topics alone.
     */
    FixtureCluster startStreams(String applicationId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("registry.url", registry.url());
        props.put("application.id", applicationId);
        props.put("state.dir", dir.resolve(applicationId.equals("vigo-swarm") ? "streams" : "streams-" + applicationId).toString());
        props.put("http.port", String.valueOf(ports.api()));
        try {
            props.put("operator.token.file", LocalSecrets.ensure(dir, LocalSecrets.OPERATOR_TOKEN).toString());
            props.put("instance.token.file", LocalSecrets.ensure(dir, LocalSecrets.INSTANCE_TOKEN).toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        streams = StreamsApp.start(StreamsAppConfig.from(props, Map.of()), new StreamsApp.Clocks(time, answers));
        return this;
    }

    /** Another instance of the streams app (own state dir and port), as `bin/vigo streams` starts one. */
    StreamsApp startInstance(String name, int port) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("registry.url", registry.url());
        props.put("state.dir", dir.resolve("streams-" + name).toString());
        props.put("http.port", String.valueOf(port));
        props.put("instance.token.file", dir.resolve(LocalSecrets.INSTANCE_TOKEN).toString());
        return StreamsApp.start(StreamsAppConfig.from(props, Map.of()), new StreamsApp.Clocks(time, answers));
    }

    /**
     * A gateway in front of this cluster (secrets in the data dir, as a local system keeps them),
     * with {@code overrides} of its configuration; the first one started is also written into the
     * data dir's endpoints.json, so an agent given no addresses finds it.
     */
    io.vigo.swarm.gateway.Gateway startGateway(Map<String, String> overrides) throws IOException {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("registry.url", registry.url());
        props.put("tracker.url", api());
        props.put("http.port", "0");
        props.put("instance.token.file", LocalSecrets.ensure(dir, LocalSecrets.INSTANCE_TOKEN).toString());
        props.put("enrol.secret.file", LocalSecrets.ensure(dir, LocalSecrets.ENROL_SECRET).toString());
        props.put("signing.secret.file", LocalSecrets.ensure(dir, LocalSecrets.GATEWAY_SIGNING_SECRET).toString());
        props.putAll(overrides);
        io.vigo.swarm.gateway.Gateway gateway = io.vigo.swarm.gateway.Gateway.start(io.vigo.swarm.gateway.GatewayConfig.from(props, Map.of()));
        gateways.add(gateway);
        Await.until("the gateway ready", Duration.ofSeconds(30), gateway::ready, ready -> ready);
        if (gateways.size() == 1) {
            Files.writeString(dir.resolve(io.vigo.swarm.api.LocalEndpoints.FILE), io.vigo.swarm.api.Json.mapper().writeValueAsString(Map.of(
                    "kafka", kafka.bootstrapServers(), "registry", registry.confluentUrl(), "api", api(),
                    "gateway", gateway.url("127.0.0.1"))));
        }
        return gateway;
    }

    /** An endpoints.json naming this cluster (no gateway), so `bin/vigo gateway|verify --data-dir` join it. */
    void writeEndpoints() throws IOException {
        Files.writeString(dir.resolve(io.vigo.swarm.api.LocalEndpoints.FILE), io.vigo.swarm.api.Json.mapper().writeValueAsString(Map.of(
                "kafka", kafka.bootstrapServers(), "registry", registry.confluentUrl(), "api", api())));
    }

    /** The fleet's enrolment secret, as a host's operator would copy it there. */
    String enrolSecret() throws IOException {
        return Files.readString(LocalSecrets.ensure(dir, LocalSecrets.ENROL_SECRET)).trim();
    }

    StreamsApp streamsApp() {
        return streams;
    }

    void stopStreams() {
        if (streams != null) {
            streams.close();
            streams = null;
        }
    }

    /** The data dir, where the operator token lives, as in a local system. */
    Path dataDir() {
        return dir;
    }

    String api() {
        return "http://127.0.0.1:" + ports.api();
    }

    VigoApiClient client() {
        return new VigoApiClient(URI.create(api()), Duration.ofSeconds(10));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String confluentRegistryUrl() {
        return registry.confluentUrl();
    }

    String registryUrl() {
        return registry.url();
    }

    // ---- hand-written events ---------------------------------------------------------------------

    void allowlist(String serverHostname, String... patterns) throws Exception {
        publisher.publishKeyed(TopicNames.ALLOWLIST_SETTING,
                new SeedingAllowlistSet(List.of(patterns), serverHostname, "fixture", brokerNow())).get(30, TimeUnit.SECONDS);
    }

    /** A check-in with a five-minute interval, so the fixture stays online while the test runs. */
    void checkIn(String host) {
        publish(host, new EnvoyCheckIn(host, "0.34.1", Duration.ofMinutes(5).toMillis(), true, brokerNow(), 1L, next(host, 0)));
    }

    /** The envoy's whole cache and seed set. */
    void cache(String host, List<PeerEntry> peers, List<SeedManifest> seeds) {
        publish(host, new CacheResync(host, 1L, next(host, 1), peers, seeds));
    }

    /** An event exactly as given, keyed as given: for events meant to be refused. */
    void publishRaw(String key, SpecificRecord event) {
        publisher.publish(key, event);
    }

    void publishOperator(String host, SpecificRecord event) {
        publish(host, event);
    }

    /** What an agent publishes after running a task. */
    void taskResult(String host, String taskId, boolean done, String output) {
        publish(host, new io.vigo.swarm.events.TaskResult(host, 1L, next(host, 1), taskId,
                done ? io.vigo.swarm.events.TaskOutcome.DONE : io.vigo.swarm.events.TaskOutcome.FAILED, output, Instant.now()));
    }

    /** A task as the API dispatches it: the task record, then one assignment per target. */
    void dispatch(String taskId, String... hosts) {
        Instant now = Instant.now();
        publisher.publishKeyed(taskId, new io.vigo.swarm.events.TaskDispatched(taskId, "vigo swarm _apply-cleanup", "*", hosts.length,
                "fixture", now, Duration.ofDays(7).toSeconds()));
        for (String host : hosts) {
            publish(host, new io.vigo.swarm.events.TaskAssigned(host, taskId, "vigo swarm _apply-cleanup", now, now.plus(Duration.ofDays(7))));
        }
    }

    /** One page of a resync: the envoy's cache within [from, to). */
    void page(String host, String from, String to, List<PeerEntry> peers, List<SeedManifest> seeds) {
        publish(host, new io.vigo.swarm.events.CacheResyncPage(host, 1L, next(host, 1), from, to, peers, seeds));
    }

    /** A seed announced on its own (not in a resync). */
    void announce(String host, SeedManifest seed) {
        publish(host, new io.vigo.swarm.events.SeedAnnounced(host, 1L, next(host, 1), seed));
    }

    /** A check-in saying the swarm is disabled on this host. */
    void checkInSwarmDisabled(String host) {
        publish(host, new EnvoyCheckIn(host, "0.34.1", Duration.ofMinutes(5).toMillis(), false, brokerNow(), 1L, next(host, 0)));
    }

    void revoke(String sha) {
        publisher.publishKeyed(sha, new ManifestRevoked(sha, RevokeReason.OPERATOR, "fixture", brokerNow()));
    }

    void flush() {
        publisher.flush();
    }

    /** The fixture's publisher, for a fleet simulator to publish through. */
    io.vigo.swarm.envoy.publish.EventSink sink() {
        return publisher;
    }

    static List<PeerEntry> cached(String host, int count, long... sizes) {
        List<PeerEntry> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            peers.add(new PeerEntry(sha(host + "-blob-" + i), PeerState.CACHED, sizes[Math.min(i, sizes.length - 1)]));
        }
        return peers;
    }

    static SeedManifest seed(String label, Subsystem subsystem) {
        return new SeedManifest(sha(label), label, subsystem, 10_000_000L, "*", 0L);
    }

    /** A stable sha for a name (the fixture's blobs are named, not hashed from content). */
    static String sha(String name) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String host, SpecificRecord event) {
        publisher.publish(host, event);
    }

    private long next(String host, int stream) {
        return ++sequences.computeIfAbsent(host, h -> new long[2])[stream];
    }

    void stopBroker() {
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    @Override
    public void close() throws IOException {
        gateways.forEach(io.vigo.swarm.gateway.Gateway::close);
        gateways.clear();
        stopStreams();
        stopBroker();
        registry.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
