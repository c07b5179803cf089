package io.vigo.swarm.cli.render;

import io.vigo.swarm.api.EntryState;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The text layouts of {@code vigocli swarm status|peers|refused}, as the reference document shows them. */
public final class SwarmViews {

    private static final int HOSTNAME_MIN_WIDTH = 16;

    private final Terminal terminal;

    public SwarmViews(Terminal terminal) {
        this.terminal = terminal;
    }

    public String status(SwarmStatus s) {
        StringBuilder out = new StringBuilder();
        out.append("Swarm substrate — ").append(s.asOf() == null ? "generated " + terminal.seconds(s.generatedAt())
                : "as of " + terminal.seconds(s.asOf())).append("\n\n");
        label(out, "Envoys online", s.envoysOnline() + " / " + s.envoysTotal());
        label(out, "Substrate active", String.valueOf(s.substrateActive()));
        label(out, "Seeding envoys", String.valueOf(s.seedingEnvoys()));
        label(out, "Fleet footprint", Humanize.bytes(s.fleetFootprintBytes()));
        label(out, "Manifest entries", s.manifestActive() + " active · " + s.manifestRevoked() + " revoked");
        label(out, "Active payloads", s.activePayload() + " payload · " + s.activeGitback() + " gitback");
        out.append("\nSeeding allowlist\n");
        String server = s.seedingAllowlist().serverHostname();
        if (server != null && !server.isEmpty()) {
            out.append("  ").append(server).append("  (server.hostname — implicit)\n");
        }
        s.seedingAllowlist().patterns().forEach(p -> out.append("  ").append(p).append('\n'));
        return out.toString();
    }

    /** {@code swarm history}: the status totals, a row per step, and a sparkline per column. */
    public String history(io.vigo.swarm.api.SwarmHistory history) {
        StringBuilder out = new StringBuilder();
        out.append("Swarm history — generated ").append(terminal.seconds(history.generatedAt())).append(" · ")
                .append(terminal.minutes(history.from())).append(" to ").append(terminal.minutes(history.to()))
                .append(" every ").append(step(history.stepSeconds())).append("\n\n");
        Table table = new Table(List.of("AT", "ONLINE", "ENVOYS", "SUBSTRATE", "SEEDING", "FOOTPRINT", "ENTRIES", "REVOKED"));
        List<io.vigo.swarm.api.SwarmHistory.Point> points = history.points();
        for (io.vigo.swarm.api.SwarmHistory.Point p : points) {
            table.row(List.of(terminal.minutes(p.at()), String.valueOf(p.envoysOnline()), String.valueOf(p.envoysTotal()),
                    String.valueOf(p.substrateActive()), String.valueOf(p.seedingEnvoys()), Humanize.bytes(p.fleetFootprintBytes()),
                    String.valueOf(p.manifestActive()), String.valueOf(p.manifestRevoked())));
        }
        out.append(table.render()).append('\n');
        label(out, "Online", Sparkline.of(points.stream().mapToLong(io.vigo.swarm.api.SwarmHistory.Point::envoysOnline).toArray()));
        label(out, "Substrate active", Sparkline.of(points.stream().mapToLong(io.vigo.swarm.api.SwarmHistory.Point::substrateActive).toArray()));
        label(out, "Seeding envoys", Sparkline.of(points.stream().mapToLong(io.vigo.swarm.api.SwarmHistory.Point::seedingEnvoys).toArray()));
        label(out, "Fleet footprint", Sparkline.of(points.stream().mapToLong(io.vigo.swarm.api.SwarmHistory.Point::fleetFootprintBytes).toArray(),
                Humanize::bytes));
        return out.toString();
    }

    /** {@code swarm filecast history}: a row per step, the spread's milestones, and sparklines. */
    public String filecastHistory(io.vigo.swarm.api.FilecastHistory h) {
        StringBuilder out = new StringBuilder();
        out.append("Filecast ").append(h.sha(), 0, 12).append(" (").append(h.label()).append(") — history · generated ")
                .append(terminal.seconds(h.generatedAt())).append(" · ").append(terminal.minutes(h.from())).append(" to ")
                .append(terminal.minutes(h.to())).append(" every ").append(step(h.stepSeconds())).append("\n\n");
        label(out, "Targets", h.targets() + " envoy(s) of the population match " + h.target() + " now");
        label(out, "Reached 50 %", reached(h.reached().half()));
        label(out, "Reached 90 %", reached(h.reached().ninetyPercent()));
        label(out, "Reached 100 %", reached(h.reached().all()));
        out.append('\n');
        Table table = new Table(List.of("AT", "HOLDERS", "DOWNLOADERS"));
        for (io.vigo.swarm.api.FilecastHistory.Point p : h.points()) {
            table.row(List.of(terminal.minutes(p.at()), String.valueOf(p.holders()), String.valueOf(p.downloaders())));
        }
        out.append(table.render()).append('\n');
        label(out, "Holders", Sparkline.of(h.points().stream().mapToLong(io.vigo.swarm.api.FilecastHistory.Point::holders).toArray()));
        label(out, "Downloaders", Sparkline.of(h.points().stream().mapToLong(io.vigo.swarm.api.FilecastHistory.Point::downloaders).toArray()));
        return out.toString();
    }

    private String reached(java.time.Instant at) {
        return at == null ? "not yet" : terminal.seconds(at);
    }

    /** A step as the flag takes it: 1d, 1h, 15m, 90s. */
    private static String step(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    public String peers(PeersPage page) {
        StringBuilder out = new StringBuilder();
        out.append("Swarm peers — ").append(page.asOf() == null ? "generated " + terminal.seconds(page.generatedAt())
                : "as of " + terminal.seconds(page.asOf()))
                .append(" · sorted by ").append(page.sort()).append("\n\n");
        Table table = new Table(List.of("HOSTNAME", "STATUS", "SUBSTRATE", "SEEDING", "CACHED", "DOWNLOADING", "FOOTPRINT", "LAST SEEN"),
                HOSTNAME_MIN_WIDTH);
        for (PeerRow row : page.rows()) {
            List<UnaryOperator<String>> colours = new ArrayList<>();
            colours.add(null);
            colours.add(row.status() == EnvoyStatus.ONLINE ? terminal.green() : terminal.red());
            table.row(List.of(row.hostname(), row.status().toString(), row.substrate().toString(), String.valueOf(row.seeding()),
                    String.valueOf(row.cached()), String.valueOf(row.downloading()), Humanize.bytes(row.footprintBytes()),
                    row.lastSeen() == null ? "-" : terminal.minutes(row.lastSeen())), colours);
        }
        return out.append(table.render()).toString();
    }

    public String refused(RefusedSeeds refused) {
        StringBuilder out = new StringBuilder();
        out.append("Refused seeds — generated ").append(terminal.seconds(refused.generatedAt())).append("\n\n");
        Table table = new Table(List.of("HOSTNAME", "SHA", "LABEL", "SUBSYSTEM", "SIZE"), HOSTNAME_MIN_WIDTH);
        refused.seeds().forEach(seed -> table.row(List.of(seed.hostname(), seed.sha().substring(0, 12), seed.label(),
                seed.subsystem(), Humanize.bytes(seed.sizeBytes()))));
        return out.append(table.render()).toString();
    }

    private static void label(StringBuilder out, String label, String value) {
        Blocks.line(out, label, value);
    }

    /** {@code swarm filecast show}: one entry, field by field, with how many envoys hold and download it. */
    public String filecast(FilecastShown shown) {
        io.vigo.swarm.api.ManifestEntries.Entry e = shown.entry();
        StringBuilder out = new StringBuilder();
        out.append("Filecast ").append(e.sha(), 0, 12).append(" (").append(e.label()).append(") — ")
                .append(e.asOf() == null ? "generated " + terminal.seconds(shown.generatedAt()) : "as of " + terminal.seconds(e.asOf()))
                .append("\n\n");
        Table table = new Table(List.of("FIELD", "VALUE"));
        table.row(List.of("SHA", e.sha()));
        table.row(List.of("SUBSYSTEM", e.subsystem()));
        table.row(List.of("SIZE", Humanize.bytes(e.sizeBytes())));
        table.row(List.of("TARGET", e.target()));
        table.row(List.of("RETENTION", e.retentionSeconds() == 0 ? "forever" : Humanize.duration(java.time.Duration.ofSeconds(e.retentionSeconds()))));
        table.row(List.of("STATE", e.state() == EntryState.REVOKED ? "revoked (" + e.revokeReason() + ")" : e.state().toString()));
        table.row(List.of("PUBLISHED", terminal.minutes(e.publishedAt())));
        if (e.revokedAt() != null) {
            table.row(List.of("REVOKED", terminal.minutes(e.revokedAt())));
        }
        table.row(List.of("SEEDERS", String.valueOf(e.seeders())));
        table.row(List.of("HOLDERS", String.valueOf(shown.holders())));
        table.row(List.of("DOWNLOADING", String.valueOf(shown.downloaders())));
        return out.append(table.render()).toString();
    }

    public String filecasts(io.vigo.swarm.api.ManifestEntries entries) {
        StringBuilder out = new StringBuilder();
        out.append("Filecasts — generated ").append(terminal.seconds(entries.generatedAt())).append("\n\n");
        Table table = new Table(List.of("SHA", "LABEL", "SUBSYSTEM", "SIZE", "STATE", "SEEDERS", "PUBLISHED"));
        entries.entries().forEach(e -> table.row(List.of(e.sha().substring(0, 12), e.label(), e.subsystem(),
                Humanize.bytes(e.sizeBytes()), e.state() == EntryState.REVOKED ? "revoked (" + e.revokeReason() + ")" : e.state().toString(),
                String.valueOf(e.seeders()), terminal.minutes(e.publishedAt()))));
        return out.append(table.render()).toString();
    }

}
