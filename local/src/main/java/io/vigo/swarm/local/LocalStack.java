package io.vigo.swarm.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.simulate.FleetSimulator;
import io.vigo.swarm.envoy.tasks.ApiTaskInbox;
import io.vigo.swarm.envoy.tasks.TaskInbox;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.streams.app.StreamsApp;
import io.vigo.swarm.streams.app.StreamsAppConfig;
import io.vigo.swarm.api.LocalEndpoints;
import io.vigo.swarm.topics.TopicCatalogue;
import io.vigo.swarm.topics.TopicNames;
import io.vigo.swarm.topics.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The complete local system of {@code bin/vigo up}: the in-process KRaft broker, the registry as
 * a child process, the topics, the allowlist setting, the streams app and its API, and optionally
 * a simulated fleet, all keeping their data in one data dir. Closing stops them in reverse order
 * of start (simulator, streams app, registry, broker).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** What to start. */
    public record Options(Path dataDir, Ports ports, int simulate, long seed, String serverHostname, List<String> allowlist) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private ApicurioRegistry registry;
    private StreamsApp streams;
    private io.vigo.swarm.gateway.Gateway gateway;
    private Path endpointsFile;

    private LocalStack() {
    }

    public static LocalStack start(Options options) throws Exception {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options options) throws Exception {
        Path dataDir = options.dataDir().toAbsolutePath();
        started.push(DataDirLock.acquire(dataDir));
        options.ports().requireFree();
        Instant begin = Instant.now();

        // The registry (a separate JVM) warms up while the broker, topics and streams app start.
        ApicurioRegistry launching = ApicurioRegistry.launch(ApicurioRegistry.home(), dataDir.resolve("registry"),
                options.ports().registry(), options.ports().registryManagement());
        started.push(launching);
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), options.ports().kafka(), options.ports().controller());
        started.push(kafka);
        started.remove(launching);
        started.push(launching); // stopped before the broker: streams, registry, broker
        log.info("broker ready at {}", kafka.bootstrapServers());

        TopicCatalogue catalogue = TopicCatalogue.load();
        TopicNames topics = catalogue.names();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            TopicProvisioner.Report report = provisioner.apply(catalogue.resolve("dev"));
            // This broker is the local system's own: a data dir from an earlier version gets the catalogue's configs.
            TopicProvisioner.Altered altered = provisioner.alterConfigs(report.drift());
            altered.altered().forEach(d -> log.info("topic config updated: {}", d));
            altered.left().forEach(d -> log.warn("topic drift: {}", d));
            log.info("topics: {} created, {} present", report.created().size(), report.unchanged().size());
        }

        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("registry.url", launching.url());
        props.put("state.dir", dataDir.resolve("streams").toString());
        props.put("http.port", String.valueOf(options.ports().api()));
        props.put("topic.prefix", catalogue.prefix());
        props.put("operator.token.file", LocalSecrets.ensure(dataDir, LocalSecrets.OPERATOR_TOKEN).toString());
        Path instanceToken = LocalSecrets.ensure(dataDir, LocalSecrets.INSTANCE_TOKEN);
        props.put("instance.token.file", instanceToken.toString());
        streams = StreamsApp.start(StreamsAppConfig.from(props, Map.of()));
        started.push(streams);
        // The API answers from its local stores as soon as they are open; the registry is only
        // needed for new events. So the addresses are published before the registry is ready.
        endpointsFile = writeEndpoints(dataDir, topics, launching);

        launching.awaitReady(Duration.ofSeconds(90));
        registry = launching;
        gateway = io.vigo.swarm.gateway.Gateway.start(gatewayConfig(dataDir, options.ports().gateway(), catalogue.prefix(), instanceToken));
        started.push(gateway);
        endpointsFile = writeEndpoints(dataDir, topics, launching);
        registry.supervise(); // a registry that dies is started again; reads never needed it
        log.info("schema registry ready at {} (pid {})", registry.confluentUrl(), registry.pid());
        EnvoyPublisher publisher = new EnvoyPublisher(kafka.bootstrapServers(), registry.url(), topics);
        started.push(publisher);
        publisher.publishKeyed(TopicNames.ALLOWLIST_SETTING, new SeedingAllowlistSet(options.allowlist(),
                options.serverHostname(), "bin/vigo up", Instant.now())).get(30, TimeUnit.SECONDS);
        awaitReady(Duration.ofSeconds(90));

        if (options.simulate() > 0) {
            TaskInbox inbox = new ApiTaskInbox(new VigoApiClient(java.net.URI.create(api()), Duration.ofSeconds(5),
                    java.nio.file.Files.readString(instanceToken).trim()));
            FleetSimulator simulator = new FleetSimulator(publisher, inbox, options.simulate(), options.seed(),
                    options.serverHostname(), Clock.systemUTC());
            simulator.start();
            started.push(simulator);
        }
        log.info("vigo is up in {} s: API {} (data dir {})", Duration.between(begin, Instant.now()).toMillis() / 1000.0, api(), dataDir);
    }

    private io.vigo.swarm.gateway.GatewayConfig gatewayConfig(Path dataDir, int port, String prefix, Path instanceToken) throws IOException {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("registry.url", registry.url());
        props.put("tracker.url", api());
        props.put("topic.prefix", prefix);
        props.put("http.port", String.valueOf(port));
        props.put("instance.token.file", instanceToken.toString());
        props.put("enrol.secret.file", LocalSecrets.ensure(dataDir, LocalSecrets.ENROL_SECRET).toString());
        props.put("signing.secret.file", LocalSecrets.ensure(dataDir, LocalSecrets.GATEWAY_SIGNING_SECRET).toString());
        return io.vigo.swarm.gateway.GatewayConfig.from(props, Map.of());
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!streams.ready() || (gateway != null && !gateway.ready())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the streams app did not become ready within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100); // polling a readiness flag, not synchronising a test
        }
    }

    private Path writeEndpoints(Path dataDir, TopicNames topics, ApicurioRegistry registry) throws IOException {
        ObjectNode endpoints = Json.mapper().createObjectNode();
        endpoints.put("kafka", kafka.bootstrapServers());
        endpoints.put("registry", registry.confluentUrl());
        endpoints.put("api", api());
        if (gateway != null) {
            endpoints.put("gateway", gateway());
        }
        ObjectNode names = endpoints.putObject("topics");
        names.put("checkins", topics.checkins());
        names.put("envoyReports", topics.envoyReports());
        names.put("operator", topics.operator());
        names.put("manifestAdmin", topics.manifestAdmin());
        names.put("config", topics.config());
        names.put("deadLetter", topics.deadLetter());
        endpoints.put("pid", ProcessHandle.current().pid());
        Path file = dataDir.resolve(LocalEndpoints.FILE);
        Files.writeString(file, Json.mapper().writeValueAsString(endpoints) + "\n");
        return file;
    }

    public String api() {
        return "http://127.0.0.1:" + streams.httpPort();
    }

    public String gateway() {
        return gateway.url("127.0.0.1");
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public String confluentRegistryUrl() {
        return registry.confluentUrl();
    }

    public StreamsApp streams() {
        return streams;
    }

    @Override
    public void close() {
        if (endpointsFile != null) {
            try {
                Files.deleteIfExists(endpointsFile);
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", endpointsFile, e.getMessage());
            }
        }
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
