package io.vigo.swarm.cli.command;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --watch [--interval 2s]} of the live views. A picocli mixin; {@link Watch} does the watching. */
public final class WatchOptions {

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    @Option(names = {"-w", "--watch"}, description = "Keep watching: redrawn in place on a terminal, a block per change when piped; Ctrl-C stops")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", description = "How often --watch asks the server: 1s to 1h (default: 2s)")
    String interval;

    /** Whether to watch; {@code --interval} without {@code --watch} is refused. */
    public boolean on() {
        if (interval != null && !watch) {
            throw new UsageException("--interval needs --watch");
        }
        return watch;
    }

    /** The interval asked for, between 1 s and 1 h. */
    public Duration interval() {
        if (interval == null) {
            return DEFAULT_INTERVAL;
        }
        return Flags.duration("--interval", interval, Duration.ofSeconds(1), Duration.ofHours(1));
    }
}
