package io.vigo.swarm.envoy;

import io.vigo.swarm.api.Durations;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.LocalEndpoints;
import io.vigo.swarm.envoy.agent.EnvoyAgent;
import io.vigo.swarm.envoy.gateway.EnvoyCredentials;
import io.vigo.swarm.envoy.gateway.GatewayClient;
import io.vigo.swarm.envoy.gateway.GatewayInbox;
import io.vigo.swarm.envoy.gateway.GatewaySink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent of one real host ({@code vigo-envoy agent}, and {@code bin/vigo envoy} on the local
 * system). It speaks to the gateway only: {@code --gateway} and its key (or the enrolment secret
 * to get one) are all it needs; with neither flag it uses the local system's endpoints.json and
 * enrolment secret.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the envoy agent of this host: check in, report the blob cache and seeds, run tasks, all through the gateway.")
public final class AgentCommand implements Callable<Integer> {

    /** This command as it was invoked, so an error names it as the user typed it. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = "--hostname", required = true, paramLabel = "HOST", description = "This envoy's hostname (lower-case)")
    String hostname;

    @Option(names = "--cache-root", required = true, paramLabel = "DIR", description = "The blob cache root (.blobs, files, .partial, seed)")
    Path cacheRoot;

    @Option(names = "--interval", defaultValue = "15s", paramLabel = "DURATION", description = "Check-in interval, 1s to 24h (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--gateway", paramLabel = "URL[,URL...]",
            description = "The envoy gateway (http or https), or several (the agent moves to the next when one cannot be reached);"
                    + " default: the local system's, from its endpoints.json")
    String gateway;

    private java.util.List<URI> gateways;

    @Option(names = "--enrol-secret-file", paramLabel = "FILE",
            description = "The fleet's enrolment secret, used once to get this envoy's key; default: the local system's enrol.secret")
    Path enrolSecretFile;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Where this envoy's key is kept, owner-readable (default: <state-dir>/envoy.key)")
    Path keyFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir of a local `bin/vigo up` (its endpoints.json and enrol.secret); default $VIGO_DATA_DIR, else ~/.vigo")
    Path dataDir;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the agent keeps its epoch, key, seed hashes and task ledger (default: <cache-root>/.vigo-agent)")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        String problem = Hostnames.problemWith(hostname);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
        if (!Files.isDirectory(cacheRoot)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cache-root " + cacheRoot + " is not a directory");
        }
        Duration every;
        try {
            every = Durations.parse("--interval", interval, Duration.ofSeconds(1), Duration.ofHours(24));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path state = stateDir != null ? stateDir : cacheRoot.resolve(".vigo-agent");
        if (gateway != null) {
            gateways = new java.util.ArrayList<>();
            for (String url : gateway.split(",")) {
                gateways.add(gatewayUrl(url.trim()));
            }
        }
        resolveGateway();
        GatewayClient client = new GatewayClient(gateways, Duration.ofSeconds(15));
        EnvoyCredentials credentials = new EnvoyCredentials(hostname, keyFile != null ? keyFile : state.resolve("envoy.key"), enrolSecretFile, client);
        try {
            credentials.key();
        } catch (GatewayClient.GatewayException e) {
            if (!e.retryable()) {
                throw new IllegalStateException("cannot enrol " + hostname + ": " + e.getMessage());
            }
            log.warn("cannot enrol yet (will retry every interval): {}", e.getMessage());
        }
        GatewaySink sink = new GatewaySink(client, credentials, System::nanoTime);
        GatewayInbox inbox = new GatewayInbox(client, credentials);
        EnvoyAgent agent = new EnvoyAgent(hostname, cacheRoot, state, every, sink, inbox, inbox, Clock.systemUTC());
        try {
            agent.start();
        } catch (java.io.IOException e) {
            log.warn("start-up reports not all delivered yet (will retry every interval): {}", e.getMessage());
        }
        System.out.println("envoy " + hostname + " is running through the gateway at " + client.gateway() + " (epoch " + agent.epoch()
                + ", every " + interval + "); Ctrl-C to stop");
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "vigo-envoy-agent"));
        loop.scheduleWithFixedDelay(() -> {
            try {
                agent.tick();
            } catch (Exception e) {
                log.warn("agent tick failed (will retry next interval): {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        EnvoyMain.runUntilStopped(() -> {
            loop.shutdown();
            loop.awaitTermination(30, TimeUnit.SECONDS);
            sink.flush();
        });
        return 0;
    }

    private URI gatewayUrl(String url) {
        try {
            URI parsed = new URI(url);
            if (("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) && parsed.getHost() != null) {
                return parsed;
            }
        } catch (java.net.URISyntaxException e) {
            // named below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--gateway \"" + url + "\" is not an http:// or https:// URL");
    }

    /**
     * An explicit --gateway wins; otherwise the local system's. The enrolment secret is the local
     * system's only when the agent has no key yet and was given neither a secret nor a gateway.
     */
    private void resolveGateway() throws java.io.IOException {
        if (gateways != null && enrolSecretFile == null) {
            return; // a remote gateway with a key file (or an explicit secret) given
        }
        Path local = dataDir != null ? dataDir : LocalEndpoints.defaultDataDir();
        if (gateways == null) {
            LocalEndpoints endpoints;
            try {
                endpoints = LocalEndpoints.read(local);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no --gateway, and " + e.getMessage()
                        .replace("give the addresses (--bootstrap-servers, --registry-url, --api)", "give --gateway URL"));
            }
            if (endpoints.gateway().isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the local system in " + local + " runs no gateway; give --gateway URL");
            }
            gateways = java.util.List.of(URI.create(endpoints.gateway()));
            if (enrolSecretFile == null && Files.exists(local.resolve(LocalEndpoints.ENROL_SECRET))) {
                enrolSecretFile = local.resolve(LocalEndpoints.ENROL_SECRET);
            }
        }
        if (enrolSecretFile != null && !Files.isReadable(enrolSecretFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--enrol-secret-file " + enrolSecretFile + " cannot be read");
        }
    }
}
