package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.SwarmStatus;
import picocli.CommandLine.Command;

/** {@code vigocli swarm status}: fleet-wide substrate totals. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Fleet-wide substrate totals: envoys online, substrate-active, seeders, manifest counts, total footprint.")
final class StatusCommand extends ViewCommand {

    @Override
    public Integer call() {
        SwarmStatus status = api.client().status();
        if (status.deadLetters() > 0) {
            terminal.err().println("vigocli: warning: " + status.deadLetters()
                    + " record(s) in the dead-letter topic: some input was refused");
        }
        return print(status, () -> views().status(status));
    }
}
