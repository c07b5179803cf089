package io.vigo.swarm.cli;

import io.vigo.swarm.api.Build;
import io.vigo.swarm.api.ServerVersion;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.cli.swarm.ViewCommand;
import picocli.CommandLine.Command;

/**
 * {@code vigocli version}: this CLI's build, then the server's, like {@code kubectl version}. The
 * client line is printed before the server is asked, so an unreachable server still leaves it.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "The CLI's version and the server's: build, Kafka Streams version, topic prefix, instances.")
final class VersionCommand extends ViewCommand {

    /** What {@code --json} prints. */
    record Versions(Build client, ServerVersion server) {
    }

    @Override
    public Integer call() {
        Build client = Build.current();
        if (!output.json()) {
            terminal.out().println("Client: vigocli " + client);
            terminal.out().flush();
        }
        VigoApiClient asked = api.client();
        ServerVersion server = asked.version();
        return print(new Versions(client, server), () -> "Server: vigo-swarm streams app " + server.build() + " at " + asked.server() + "\n"
                + "        Kafka Streams " + server.kafkaStreams() + ", application id " + server.applicationId()
                + ", topic prefix \"" + server.topicPrefix() + "\", " + server.instances() + (server.instances() == 1 ? " instance" : " instances") + "\n");
    }
}
