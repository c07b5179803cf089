package io.vigo.swarm.streams.app;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.topics.TopicCatalogue;
import io.vigo.swarm.topics.TopicNames;
import io.vigo.swarm.topics.TopicProvisioner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The streams app's own launcher, for a deployment that is not the local stack: {@code run} one
 * instance (configuration from {@code --config} and {@code VIGO_*} variables), {@code topics
 * apply} the catalogue, set the seeding {@code allowlist}. docker-compose.yml runs these.
 */
@Command(name = "vigo-streams", mixinStandardHelpOptions = true, version = "vigo-streams 0.1.0",
        description = "The vigo swarm streams app and its server-side set-up verbs.",
        subcommands = {StreamsMain.Run.class, StreamsMain.Topics.class, StreamsMain.Allowlist.class})
public final class StreamsMain {

    private StreamsMain() {
    }

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(commandLine(new StreamsMain(), "vigo-streams").execute(args));
    }

    /** A command line whose errors are one line on stderr: exit 2 for usage, 1 for a failure. */
    public static CommandLine commandLine(Object root, String name) {
        CommandLine cli = new CommandLine(root);
        cli.setParameterExceptionHandler((e, arguments) -> {
            System.err.println(name + ": " + e.getMessage() + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println(name + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        return cli;
    }

    /** Blocks until Ctrl-C or SIGTERM, then lets the shutdown hook stop {@code running} in order. */
    public static void runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "vigo-shutdown"));
        stopped.await();
    }

    /** The properties of a {@code --config} file; none when it is not given. */
    public static Properties properties(Path config) throws java.io.IOException {
        Properties props = new Properties();
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                props.load(in);
            }
        }
        return props;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run one streams-app instance; configuration from --config and VIGO_* variables (which win).")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file (keys: bootstrap.servers, registry.url, state.dir, http.port, ...)")
        Path config;

        @Override
        public Integer call() throws Exception {
            StreamsApp app = StreamsApp.start(StreamsAppConfig.from(properties(config), System.getenv()));
            runUntilStopped(app);
            return 0;
        }
    }

    @Command(name = "topics", mixinStandardHelpOptions = true, description = "Topic catalogue operations.", subcommands = Apply.class)
    public static final class Topics {
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create missing topics from the catalogue; report drift (exit 1) without changing anything that exists, unless --alter-configs.")
    static final class Apply implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT") String bootstrapServers;
        @Option(names = "--profile", defaultValue = "dev", description = "dev or production (default: ${DEFAULT-VALUE})") String profile;
        @Option(names = "--alter-configs", description = "Set drifted topic configs to the catalogue's values (never partitions or replication)")
        boolean alterConfigs;

        @Override
        public Integer call() throws Exception {
            TopicCatalogue catalogue = TopicCatalogue.load();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
                TopicProvisioner.Report report = new TopicProvisioner(admin).apply(catalogue.resolve(profile));
                report.created().forEach(t -> System.out.println("created  " + t));
                report.unchanged().forEach(t -> System.out.println("ok       " + t));
                List<TopicProvisioner.Drift> drift = report.drift();
                if (alterConfigs) {
                    TopicProvisioner.Altered altered = new TopicProvisioner(admin).alterConfigs(drift);
                    altered.altered().forEach(d -> System.out.println("altered  " + d.topic() + ": " + d.key() + " " + d.actual() + " -> " + d.expected()));
                    drift = altered.left();
                }
                drift.forEach(d -> System.out.println("DRIFT    " + d));
                return drift.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "allowlist", mixinStandardHelpOptions = true, description = "Set the seeding allowlist: the server's hostname plus hostname patterns.")
    public static final class Allowlist implements Callable<Integer> {

        /** This command as it was invoked, so an error names it as the user typed it. */
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--server-hostname", required = true, paramLabel = "HOST", description = "The server's own hostname, always allowed") String serverHostname;
        @Option(names = "--allow", split = ",", paramLabel = "PATTERN", description = "Hostname patterns allowed to seed") List<String> allow = List.of();
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:VIGO_BOOTSTRAP_SERVERS}") String bootstrapServers;
        @Option(names = "--registry-url", paramLabel = "URL", defaultValue = "${env:VIGO_REGISTRY_URL}") String registryUrl;

        @Override
        public Integer call() throws Exception {
            if (bootstrapServers == null || registryUrl == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --bootstrap-servers and --registry-url (or VIGO_* variables)");
            }
            for (String pattern : allow) {
                HostPattern.compile(pattern);
            }
            TopicNames topics = TopicCatalogue.load().names();
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(RegistrySerdes.producerConfig(bootstrapServers, registryUrl))) {
                producer.send(new ProducerRecord<>(topics.config(), TopicNames.ALLOWLIST_SETTING,
                        new SeedingAllowlistSet(allow, serverHostname, "vigo allowlist", Instant.now()))).get(60, TimeUnit.SECONDS);
            }
            System.out.println("seeding allowlist: " + serverHostname + " (implicit) " + String.join(" ", allow));
            return 0;
        }
    }
}
