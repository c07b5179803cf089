package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.cli.command.UsageException;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigocli swarm peers}: one row per envoy with substrate-participation counts. */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "One row per envoy with substrate-participation counts.")
final class PeersCommand extends ViewCommand {

    static final Set<String> SORT_KEYS = Set.of("footprint", "blobs", "hostname");

    @Option(names = "--sort", defaultValue = "footprint", paramLabel = "KEY", description = "Sort key: footprint | blobs | hostname (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "Max rows to return; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        String key = sort.toLowerCase(Locale.ROOT);
        if (!SORT_KEYS.contains(key)) {
            throw new UsageException("unknown --sort key \"" + sort + "\"; use footprint, blobs or hostname");
        }
        if (limit < 0) {
            throw new UsageException("--limit must be 0 (all) or more, got " + limit);
        }
        PeersPage page = api.client().peers(key, limit);
        return print(page, json ? "" : views().peers(page));
    }
}
