package io.vigo.swarm.local;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.topics.TopicCatalogue;
import io.vigo.swarm.topics.TopicNames;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/vigo allowlist}: set the seeding allowlist of an existing cluster (the local system sets its own). */
@Command(name = "allowlist", mixinStandardHelpOptions = true, description = "Set the seeding allowlist: the server's hostname plus hostname patterns.")
final class AllowlistCommand implements Callable<Integer> {

    @Option(names = "--server-hostname", required = true, paramLabel = "HOST", description = "The server's own hostname, always allowed") String serverHostname;
    @Option(names = "--allow", split = ",", paramLabel = "PATTERN", description = "Hostname patterns allowed to seed") List<String> allow = List.of();
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:VIGO_BOOTSTRAP_SERVERS}") String bootstrapServers;
    @Option(names = "--registry-url", paramLabel = "URL", defaultValue = "${env:VIGO_REGISTRY_URL}") String registryUrl;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null || registryUrl == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --bootstrap-servers and --registry-url (or VIGO_* variables)");
        }
        for (String pattern : allow) {
            HostPattern.compile(pattern);
        }
        try (EnvoyPublisher publisher = new EnvoyPublisher(bootstrapServers, registryUrl, TopicCatalogue.load().names())) {
            publisher.publishKeyed(TopicNames.ALLOWLIST_SETTING, new SeedingAllowlistSet(allow, serverHostname, "bin/vigo allowlist",
                    Instant.now())).get(60, TimeUnit.SECONDS);
        }
        System.out.println("seeding allowlist: " + serverHostname + " (implicit) " + String.join(" ", allow));
        return 0;
    }
}
