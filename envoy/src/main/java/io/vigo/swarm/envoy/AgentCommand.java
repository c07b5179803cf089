package io.vigo.swarm.envoy;


import io.vigo.swarm.api.Durations;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.LocalEndpoints;

import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.agent.EnvoyAgent;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.envoy.tasks.ApiRevokedInbox;
import io.vigo.swarm.envoy.tasks.ApiTaskInbox;
import io.vigo.swarm.topics.TopicCatalogue;
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
 * system), against explicit addresses or a local system's endpoints.json.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the envoy agent of this host: check in, report the blob cache and seeds, run tasks.")
public final class AgentCommand implements Callable<Integer> {

    /** This command as it was invoked, so an error names it as the user typed it. */
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;


    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = "--hostname", required = true, paramLabel = "HOST", description = "This envoy's hostname (lower-case)")
    String hostname;

    @Option(names = "--cache-root", required = true, paramLabel = "DIR", description = "The blob cache root (.blobs, files, .partial, seed)")
    Path cacheRoot;

    @Option(names = "--interval", defaultValue = "15s", paramLabel = "DURATION", description = "Check-in interval, 1s to 24h (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir of a local `bin/vigo up` (its endpoints.json); default $VIGO_DATA_DIR, else ~/.vigo")
    Path dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT") String bootstrapServers;
    @Option(names = "--registry-url", paramLabel = "URL") String registryUrl;
    @Option(names = "--api", paramLabel = "URL") String api;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the agent keeps its epoch, seed hashes and task ledger (default: <cache-root>/.vigo-agent)")
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
        resolveEndpoints();
        EnvoyPublisher publisher = new EnvoyPublisher(bootstrapServers, registryUrl, TopicCatalogue.load().names());
        VigoApiClient client = new VigoApiClient(URI.create(api), Duration.ofSeconds(10));
        EnvoyAgent agent = new EnvoyAgent(hostname, cacheRoot, stateDir != null ? stateDir : cacheRoot.resolve(".vigo-agent"),
                every, publisher, new ApiTaskInbox(client), new ApiRevokedInbox(client), Clock.systemUTC());
        try {
            agent.start();
        } catch (java.io.IOException e) {
            log.warn("start-up reports not all delivered yet (will retry every interval): {}", e.getMessage());
        }
        System.out.println("envoy " + hostname + " is running (epoch " + agent.epoch() + ", every " + interval + "); Ctrl-C to stop");
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
            publisher.close();
        });
        return 0;
    }

    /** Explicit addresses win; whatever is missing comes from the local system's endpoints.json. */
    private void resolveEndpoints() throws Exception {
        if (bootstrapServers != null && registryUrl != null && api != null) {
            return;
        }
        LocalEndpoints local;
        try {
            local = LocalEndpoints.read(dataDir != null ? dataDir : LocalEndpoints.defaultDataDir());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        bootstrapServers = bootstrapServers != null ? bootstrapServers : local.kafka();
        registryUrl = registryUrl != null ? registryUrl : local.registry();
        api = api != null ? api : local.api();
    }
}
