package io.vigo.swarm.local;

import io.vigo.swarm.api.LocalEndpoints;
import io.vigo.swarm.envoy.AgentCommand;
import io.vigo.swarm.envoy.SimulateCommand;
import io.vigo.swarm.streams.app.StreamsApp;
import io.vigo.swarm.streams.app.StreamsAppConfig;
import io.vigo.swarm.streams.app.StreamsMain;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/vigo}: the local system and the server-side verbs. */
@Command(name = "vigo", mixinStandardHelpOptions = true, version = "vigo 0.1.0",
        description = "Runs the vigo swarm substrate tracker, or one part of it against an existing cluster.",
        footer = "%nBenchmarks: `bin/vigo bench --help` and `bin/vigo bench-gateway --help` (the harness is a module of its own, bench/).",
        subcommands = {VigoMain.Up.class, StreamsMain.Topics.class, VigoMain.Streams.class, VigoMain.GatewayVerb.class, SimulateCommand.class,
                StreamsMain.Allowlist.class, VerifyCommand.class, ExportCommand.class})
public final class VigoMain {

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        CommandLine cli = StreamsMain.commandLine(new VigoMain(), "vigo");
        // The envoy side's agent, under the local stack's verb (its usage says `vigo envoy`, not `agent`).
        cli.addSubcommand("envoy", new CommandLine(new AgentCommand()).setCommandName("envoy"));
        System.exit(cli.execute(args));
    }

    static Path defaultDataDir() {
        return LocalEndpoints.defaultDataDir();
    }

    /** The local system's endpoints for a command; none there is a usage error (exit 2) naming what to do. */
    static LocalEndpoints endpoints(Object command, Path dataDir) throws IOException {
        try {
            return LocalEndpoints.read(dataDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(command), e.getMessage());
        }
    }

    static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "vigoserver";
        }
    }

    /** Blocks until Ctrl-C or SIGTERM, then lets the shutdown hook stop everything in order. */
    static void runUntilStopped(AutoCloseable running) throws InterruptedException {
        StreamsMain.runUntilStopped(running);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the complete local system (broker, registry, topics, streams app and API), keeping all data in the data dir.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where everything keeps its data (default: $VIGO_DATA_DIR, else ~/.vigo)")
        Path dataDir;

        @Option(names = "--simulate", paramLabel = "N", defaultValue = "0", description = "Also run a simulated fleet of N envoys")
        int simulate;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the simulated fleet (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--server-hostname", paramLabel = "HOST", description = "The server's own hostname, always allowed to seed (default: this machine's)")
        String serverHostname;

        @Option(names = "--allow", paramLabel = "PATTERN", split = ",", defaultValue = "*.ci.example.com",
                description = "Seeding allowlist patterns (default: ${DEFAULT-VALUE})")
        List<String> allow;

        @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default: ${DEFAULT-VALUE})") int kafkaPort;
        @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE})") int controllerPort;
        @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry HTTP port (default: ${DEFAULT-VALUE})") int registryPort;
        @Option(names = "--registry-management-port", defaultValue = "9081", description = "Schema registry management port (default: ${DEFAULT-VALUE})") int registryManagementPort;
        @Option(names = "--api-port", defaultValue = "8080", description = "Streams-app API port (default: ${DEFAULT-VALUE})") int apiPort;
        @Option(names = "--gateway-port", defaultValue = "8082", description = "Envoy gateway port (default: ${DEFAULT-VALUE})") int gatewayPort;

        @Override
        public Integer call() throws Exception {
            if (simulate < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--simulate must be 0 or more");
            }
            for (String pattern : allow) {
                io.vigo.swarm.api.HostPattern.compile(pattern);
            }
            Path data = dataDir != null ? dataDir : defaultDataDir();
            BrokerHalt.stopInOrderInstead(data);
            LocalStack stack = LocalStack.start(new LocalStack.Options(
                    data,
                    new Ports(kafkaPort, controllerPort, registryPort, registryManagementPort, apiPort, gatewayPort),
                    simulate, seed, serverHostname != null ? serverHostname : localHostname(), allow));
            System.out.println("vigo is up: API " + stack.api() + " · web " + stack.api() + "/swarm · gateway " + stack.gateway()
                    + " · registry " + stack.confluentRegistryUrl() + " · kafka " + stack.bootstrapServers() + " (Ctrl-C to stop)");
            runUntilStopped(stack);
            return 0;
        }
    }

    @Command(name = "streams", mixinStandardHelpOptions = true,
            description = "Run one more streams-app instance: against the local system of --data-dir, or a cluster configured by --config and VIGO_* variables.")
    static final class Streams implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file (keys: bootstrap.servers, registry.url, state.dir, http.port, ...)")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Join the local system of this data dir (its endpoints.json and operator token)")
        Path dataDir;

        @Option(names = "--port", paramLabel = "P", description = "HTTP port of this instance's API (default: a free one)")
        Integer port;

        @Override
        public Integer call() throws Exception {
            Properties props = StreamsMain.properties(config);
            if (dataDir != null) {
                LocalEndpoints local = endpoints(this, dataDir);
                int httpPort = port != null ? port : Ports.free();
                props.putIfAbsent("bootstrap.servers", local.kafka());
                props.putIfAbsent("registry.url", local.registry());
                props.putIfAbsent("http.port", String.valueOf(httpPort));
                props.putIfAbsent("state.dir", dataDir.resolve("streams-" + httpPort).toString());
                props.putIfAbsent("operator.token.file", dataDir.resolve(LocalSecrets.OPERATOR_TOKEN).toString());
                props.putIfAbsent("instance.token.file", LocalSecrets.ensure(dataDir, LocalSecrets.INSTANCE_TOKEN).toString());
            } else if (port != null) {
                props.put("http.port", String.valueOf(port));
            }
            StreamsApp app = StreamsApp.start(StreamsAppConfig.from(props, System.getenv()));
            System.out.println("streams app API on http://127.0.0.1:" + app.httpPort() + " (Ctrl-C to stop)");
            runUntilStopped(app);
            return 0;
        }
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "Run one more envoy gateway: beside the local system of --data-dir, or against a cluster configured by --config"
                    + " and VIGO_GATEWAY_* variables.")
    static final class GatewayVerb implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file (keys: docs/deployment.md, \"The envoy gateway\")")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Join the local system of this data dir (its endpoints.json and secrets)")
        Path dataDir;

        @Option(names = "--port", paramLabel = "P", description = "HTTP port of this gateway (default: a free one beside a local system)")
        Integer port;

        @Override
        public Integer call() throws Exception {
            Properties props = StreamsMain.properties(config);
            if (dataDir != null) {
                LocalEndpoints local = endpoints(this, dataDir);
                props.putIfAbsent("bootstrap.servers", local.kafka());
                props.putIfAbsent("registry.url", local.registry());
                props.putIfAbsent("tracker.url", local.api());
                props.putIfAbsent("http.port", String.valueOf(port != null ? port : Ports.free()));
                props.putIfAbsent("instance.token.file", LocalSecrets.ensure(dataDir, LocalSecrets.INSTANCE_TOKEN).toString());
                props.putIfAbsent("enrol.secret.file", LocalSecrets.ensure(dataDir, LocalSecrets.ENROL_SECRET).toString());
                props.putIfAbsent("signing.secret.file", LocalSecrets.ensure(dataDir, LocalSecrets.GATEWAY_SIGNING_SECRET).toString());
            } else if (port != null) {
                props.put("http.port", String.valueOf(port));
            }
            io.vigo.swarm.gateway.Gateway gateway = io.vigo.swarm.gateway.Gateway.start(io.vigo.swarm.gateway.GatewayConfig.from(props, System.getenv()));
            System.out.println("envoy gateway on " + gateway.url("127.0.0.1") + " (Ctrl-C to stop)");
            runUntilStopped(gateway);
            return 0;
        }
    }
}
