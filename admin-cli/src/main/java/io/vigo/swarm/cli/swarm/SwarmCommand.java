package io.vigo.swarm.cli.swarm;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code vigocli swarm}: read-only admin views of the swarm substrate. */
@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = "Admin view of the swarm substrate.",
        subcommands = {StatusCommand.class, PeersCommand.class, CleanupCommand.class, RefusedCommand.class, FilecastCommand.class})
public final class SwarmCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: status, peers, cleanup, refused or filecast");
    }
}
