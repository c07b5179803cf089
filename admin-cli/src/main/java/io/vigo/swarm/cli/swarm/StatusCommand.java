package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.cli.command.Flags;
import io.vigo.swarm.cli.command.UsageException;
import io.vigo.swarm.cli.command.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigocli swarm status}: fleet-wide substrate totals, now or as of a moment. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Fleet-wide substrate totals: envoys online, substrate-active, seeders, manifest counts, total footprint.")
final class StatusCommand extends ViewCommand {

    @Option(names = "--at", paramLabel = "TIME",
            description = "The totals as they were then: yyyy-MM-dd HH:mm[:ss] (local time), RFC 3339, or relative (-30m, -2h, -3d)")
    String at;

    @Mixin
    WatchOptions watch;

    @Override
    public Integer call() {
        if (watch.on()) {
            if (at != null) {
                throw new UsageException("--watch follows the live view; it cannot be combined with --at");
            }
            return watch(watch, "vigocli swarm status", api.client()::status, views()::status);
        }
        SwarmStatus status = at == null ? api.client().status() : api.client().status(Flags.moment("--at", at, terminal.zone()));
        if (status.deadLetters() > 0) {
            terminal.err().println("vigocli: warning: " + status.deadLetters()
                    + " record(s) in the dead-letter topic: some input was refused");
        }
        return print(status, () -> views().status(status));
    }
}
