package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PurgeResult;
import io.vigo.swarm.cli.command.FailureException;
import io.vigo.swarm.cli.command.UsageException;
import io.vigo.swarm.cli.render.FilecastShown;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigocli swarm filecast}: admin-pushed payloads and the other manifest entries. */
@Command(name = "filecast", mixinStandardHelpOptions = true, description = "List, revoke and purge manifest entries; how one spread.")
final class FilecastCommand implements Runnable {

    private static final Pattern SHA_PREFIX = Pattern.compile("[0-9a-f]{4,64}");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, show, history, revoke or purge");
    }

    /** An entry named by a sha prefix of at least 4 hex digits or by its exact label; more than one is an error. */
    static ManifestEntries.Entry resolve(List<ManifestEntries.Entry> entries, String ref) {
        boolean prefix = SHA_PREFIX.matcher(ref).matches();
        List<ManifestEntries.Entry> matches = entries.stream()
                .filter(e -> (prefix && e.sha().startsWith(ref)) || e.label().equals(ref))
                .toList();
        if (matches.isEmpty()) {
            throw new FailureException("no manifest entry has a sha starting with or a label equal to \"" + ref + "\"");
        }
        if (matches.size() > 1) {
            throw new FailureException("\"" + ref + "\" is ambiguous: " + matches.stream()
                    .map(e -> e.sha().substring(0, 12) + " (" + e.label() + ", " + e.state() + ")")
                    .collect(Collectors.joining(", ")));
        }
        return matches.get(0);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every manifest entry, active and revoked.")
    static final class ListEntries extends ViewCommand {
        @Override
        public Integer call() {
            ManifestEntries entries = api.client().filecasts();
            return print(entries, () -> views().filecasts(entries));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One manifest entry: its fields, state, seeders, and how many envoys hold and download it; now or as of a moment.")
    static final class Show extends ViewCommand {
        @Parameters(index = "0", paramLabel = "SHA-PREFIX|LABEL")
        String ref;

        @CommandLine.Option(names = "--at", paramLabel = "TIME",
                description = "The entry as it was then: yyyy-MM-dd HH:mm[:ss] (local time), RFC 3339, or relative (-30m, -2h, -3d)")
        String at;

        @Override
        public Integer call() {
            java.time.Instant moment = at == null ? null : io.vigo.swarm.cli.command.Flags.moment("--at", at, terminal.zone());
            // A full sha names an entry that may since have been purged; anything else is looked up in today's list.
            String sha = FULL_SHA.matcher(ref).matches() ? ref : resolve(api.client().filecasts().entries(), ref).sha();
            FilecastShown shown;
            if (moment == null) {
                ManifestEntries.Entry entry = api.client().filecast(sha);
                io.vigo.swarm.api.FilecastHolders now = api.client().holders(sha);
                List<io.vigo.swarm.api.FilecastHolders.Holder> holders = now.holders();
                shown = new FilecastShown(now.generatedAt(), entry, holders.stream().filter(h -> h.role().equals("cached")).count(),
                        holders.stream().filter(h -> h.role().equals("downloading")).count());
            } else {
                ManifestEntries.Entry entry = api.client().filecast(sha, moment);
                List<io.vigo.swarm.api.FilecastHistory.Point> points = api.client()
                        .filecastHistory(sha, moment.minusSeconds(60), moment, java.time.Duration.ofMinutes(1)).points();
                io.vigo.swarm.api.FilecastHistory.Point then = points.get(points.size() - 1);
                shown = new FilecastShown(null, entry, then.holders(), then.downloaders());
            }
            return print(shown, () -> views().filecast(shown));
        }
    }


    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{64}");

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "How an entry spread: holders and downloaders over time, and when it reached 50, 90 and 100 % of the envoys it targets.")
    static final class History extends ViewCommand {
        @Parameters(index = "0", paramLabel = "SHA-PREFIX|LABEL")
        String ref;

        @CommandLine.Option(names = "--since", defaultValue = "24h", paramLabel = "DURATION",
                description = "How far back: 30m, 24h, 7d (default: ${DEFAULT-VALUE}); within the history horizon")
        String since;

        @CommandLine.Option(names = "--step", defaultValue = "1h", paramLabel = "DURATION", description = "One row per step: 1m to 1d (default: ${DEFAULT-VALUE})")
        String step;

        @Override
        public Integer call() {
            java.time.Duration back = io.vigo.swarm.cli.command.Flags.duration("--since", since, java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(3650));
            java.time.Duration every = io.vigo.swarm.cli.command.Flags.duration("--step", step, java.time.Duration.ofMinutes(1), java.time.Duration.ofDays(1));
            ManifestEntries.Entry entry = resolve(api.client().filecasts().entries(), ref);
            java.time.Instant to = java.time.Instant.now().minusSeconds(1);
            java.time.Instant from = to.minus(every.multipliedBy(Math.max(1, back.toMillis() / every.toMillis())));
            io.vigo.swarm.api.FilecastHistory history = api.client().filecastHistory(entry.sha(), from, to, every);
            return print(history, () -> views().filecastHistory(history));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an entry named by a sha prefix (4+ hex) or its label.")
    static final class Revoke extends ViewCommand {
        @Parameters(index = "0", paramLabel = "SHA-PREFIX|LABEL")
        String ref;

        @Override
        public Integer call() {
            ManifestEntries.Entry entry = resolve(api.client().filecasts().entries(), ref);
            ManifestEntries.Entry revoked = api.writingClient().revoke(entry.sha());
            return print(revoked, () -> "Revoked " + revoked.sha().substring(0, 12) + " (" + revoked.label() + ").\n");
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Forget revoked entries: all of them, or the one named by its full sha.")
    static final class Purge extends ViewCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SHA")
        String sha;

        @Override
        public Integer call() {
            if (sha != null && !Hostnames.isSha256(sha)) {
                throw new UsageException("purge takes a full sha (64 lower-case hex), got \"" + sha + "\"");
            }
            PurgeResult result = api.writingClient().purge(sha);
            int n = result.purged().size();
            return print(result, () -> "Purged " + n + " revoked " + (n == 1 ? "entry" : "entries") + ".\n");
        }
    }

}
