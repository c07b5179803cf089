package io.vigo.swarm.envoy;

import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.envoy.simulate.FleetSimulator;
import io.vigo.swarm.envoy.tasks.ApiTaskInbox;
import io.vigo.swarm.topics.TopicCatalogue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigo-envoy simulate} (and {@code bin/vigo simulate}): a simulated fleet against an existing cluster (addresses from flags or VIGO_* variables). */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Run a simulated fleet of envoys against an existing cluster.")
public final class SimulateCommand implements Callable<Integer> {

    /** This command as it was invoked, so an error names it as the user typed it. */
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;


    @Option(names = "--envoys", defaultValue = "200", paramLabel = "N", description = "Envoys in the simulated fleet (default: ${DEFAULT-VALUE})") int envoys;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed: the same seed gives the same fleet (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--server-hostname", defaultValue = "vigoserver", paramLabel = "HOST", description = "The server's hostname, which the fleet's seeders include (default: ${DEFAULT-VALUE})") String serverHostname;
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:VIGO_BOOTSTRAP_SERVERS}", description = "Kafka to publish to (default: $VIGO_BOOTSTRAP_SERVERS)") String bootstrapServers;
    @Option(names = "--registry-url", paramLabel = "URL", defaultValue = "${env:VIGO_REGISTRY_URL}", description = "Confluent-compatible registry URL (default: $VIGO_REGISTRY_URL)") String registryUrl;
    @Option(names = "--api", paramLabel = "URL", defaultValue = "${env:VIGO_API}", description = "Streams-app API the envoys fetch their tasks from (default: $VIGO_API)") String api;
    @Option(names = "--instance-token-file", paramLabel = "FILE", defaultValue = "${env:VIGO_INSTANCE_TOKEN_FILE}",
            description = "The streams-app instances' secret: the simulator reads its envoys' tasks as a gateway does (default: $VIGO_INSTANCE_TOKEN_FILE)")
    java.nio.file.Path instanceTokenFile;

    @Override
    public Integer call() throws Exception {
        if (envoys < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--envoys must be at least 1");
        }
        if (bootstrapServers == null || registryUrl == null || api == null || instanceTokenFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --bootstrap-servers, --registry-url, --api and"
                    + " --instance-token-file (or VIGO_BOOTSTRAP_SERVERS, VIGO_REGISTRY_URL, VIGO_API, VIGO_INSTANCE_TOKEN_FILE)");
        }
        String instanceToken;
        try {
            instanceToken = java.nio.file.Files.readString(instanceTokenFile).trim();
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--instance-token-file " + instanceTokenFile + " cannot be read: " + e.getMessage());
        }
        EnvoyPublisher publisher = new EnvoyPublisher(bootstrapServers, registryUrl, TopicCatalogue.load().names());
        FleetSimulator simulator = new FleetSimulator(publisher, new ApiTaskInbox(new VigoApiClient(URI.create(api), Duration.ofSeconds(5), instanceToken)),
                envoys, seed, serverHostname, Clock.systemUTC());
        simulator.start();
        System.out.println("simulating " + envoys + " envoys (seed " + seed + "); Ctrl-C to stop");
        EnvoyMain.runUntilStopped(() -> {
            simulator.close();
            publisher.close();
        });
        return 0;
    }
}
