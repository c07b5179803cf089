package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.SwarmHistory;
import io.vigo.swarm.cli.command.Flags;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigocli swarm history}: the {@code swarm status} totals over time, a row per step. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The swarm status totals over time: a row per step, and a sparkline per column.")
final class HistoryCommand extends ViewCommand {

    @Option(names = "--since", defaultValue = "24h", paramLabel = "DURATION",
            description = "How far back: 30m, 24h, 7d (default: ${DEFAULT-VALUE}); within the history horizon")
    String since;

    @Option(names = "--step", defaultValue = "1h", paramLabel = "DURATION",
            description = "One row per step: 1m to 1d (default: ${DEFAULT-VALUE})")
    String step;

    @Override
    public Integer call() {
        Duration back = Flags.duration("--since", since, Duration.ofMinutes(1), Duration.ofDays(3650));
        Duration every = Flags.duration("--step", step, Duration.ofMinutes(1), Duration.ofDays(1));
        // Whole steps back from a whole minute, so two runs a few seconds apart print the same rows.
        Instant to = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant from = to.minus(every.multipliedBy(Math.max(1, back.toMillis() / every.toMillis())));
        SwarmHistory history = api.client().history(from, to, every);
        return print(history, () -> views().history(history));
    }
}
