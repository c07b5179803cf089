package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.cli.command.CommandTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code vigocli swarm}: read-only admin views of the swarm substrate. */
@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = "Admin view of the swarm substrate.")
public final class SwarmCommand implements Runnable {

    public static final CommandTree TREE = CommandTree.group("swarm", SwarmCommand.class,
            CommandTree.leaf("status", StatusCommand.class),
            CommandTree.leaf("history", HistoryCommand.class),
            CommandTree.leaf("peers", PeersCommand.class),
            CommandTree.leaf("cleanup", CleanupCommand.class),
            CommandTree.leaf("refused", RefusedCommand.class),
            CommandTree.group("filecast", FilecastCommand.class,
                    CommandTree.leaf("list", FilecastCommand.ListEntries.class),
                    CommandTree.leaf("show", FilecastCommand.Show.class),
                    CommandTree.leaf("history", FilecastCommand.History.class),
                    CommandTree.leaf("revoke", FilecastCommand.Revoke.class),
                    CommandTree.leaf("purge", FilecastCommand.Purge.class)));

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: status, history, peers, cleanup, refused or filecast");
    }
}
