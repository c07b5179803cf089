package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.cli.command.Flags;
import io.vigo.swarm.cli.command.PeerSortConverter;
import io.vigo.swarm.cli.command.UsageException;
import io.vigo.swarm.cli.command.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigocli swarm peers}: one row per envoy with substrate-participation counts. */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "One row per envoy with substrate-participation counts.")
final class PeersCommand extends ViewCommand {

    @Option(names = "--sort", defaultValue = "footprint", paramLabel = "KEY", converter = PeerSortConverter.class,
            description = "Sort key: footprint | blobs | hostname (default: ${DEFAULT-VALUE})")
    PeerSort sort;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "Max rows to return; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--at", paramLabel = "TIME",
            description = "The rows as they were then: yyyy-MM-dd HH:mm[:ss] (local time), RFC 3339, or relative (-30m, -2h, -3d)")
    String at;

    @Mixin
    WatchOptions watch;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UsageException("--limit must be 0 (all) or more, got " + limit);
        }
        if (watch.on()) {
            if (at != null) {
                throw new UsageException("--watch follows the live view; it cannot be combined with --at");
            }
            return watch(watch, "vigocli swarm peers --sort " + sort + " --limit " + limit, () -> api.client().peers(sort, limit), views()::peers);
        }
        PeersPage page = at == null ? api.client().peers(sort, limit)
                : api.client().peers(sort, limit, Flags.moment("--at", at, terminal.zone()));
        return print(page, () -> views().peers(page));
    }
}
