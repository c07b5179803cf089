package io.vigo.swarm.cli.render;

import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EnvoyList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The text layouts of {@code vigocli envoys list|show}. */
public final class EnvoyViews {


    private final Terminal terminal;

    public EnvoyViews(Terminal terminal) {
        this.terminal = terminal;
    }

    public String list(EnvoyList envoys) {
        StringBuilder out = new StringBuilder();
        out.append("Envoys — generated ").append(terminal.seconds(envoys.generatedAt())).append("\n\n");
        Table table = new Table(List.of("HOSTNAME", "STATUS", "SWARM", "VERSION", "LAST SEEN", "TAGS"), 16);
        envoys.envoys().forEach(e -> table.row(List.of(e.hostname(),
                e.decommissioned() ? "decommissioned" : e.status().toString(),
                e.swarmEnabled() ? "enabled" : "disabled",
                e.agentVersion(),
                e.lastSeen() == null ? "-" : terminal.minutes(e.lastSeen()),
                tags(e.tags()))));
        return out.append(table.render()).toString();
    }

    public String show(EnvoyDetail e) {
        StringBuilder out = new StringBuilder();
        out.append("Envoy ").append(e.hostname()).append(" — ").append(e.asOf() == null ? "generated " + terminal.seconds(e.generatedAt())
                : "as of " + terminal.seconds(e.asOf())).append("\n\n");
        Blocks.line(out, "Status", e.decommissioned() ? "decommissioned" : e.status().toString());
        Blocks.line(out, "Last seen", e.lastSeen() == null ? "-" : terminal.seconds(e.lastSeen()));
        Blocks.line(out, "Interval", seconds(e.intervalMs()));
        Blocks.line(out, "Clock skew", skew(e.clockSkewMs()));
        Blocks.line(out, "Agent version", e.agentVersion());
        Blocks.line(out, "Swarm", e.swarmEnabled() ? "enabled" : "disabled");
        Blocks.line(out, "Substrate", e.substrate().toString());
        Blocks.line(out, "Seeding", String.valueOf(e.seeding()));
        Blocks.line(out, "Cached", String.valueOf(e.cached()));
        Blocks.line(out, "Downloading", String.valueOf(e.downloading()));
        Blocks.line(out, "Footprint", Humanize.bytes(e.footprintBytes()));
        Blocks.line(out, "Colour", e.resolvedColor() + (e.colorPinned() ? " (pinned by viz.color)" : " (hash slot)"));
        out.append("\nTags\n");
        if (e.tags().isEmpty()) {
            out.append("  (none)\n");
        }
        new java.util.TreeMap<>(e.tags()).forEach((k, v) -> out.append("  ").append(k).append('=').append(v).append('\n'));
        out.append("\nSeeds\n");
        if (e.seeds().isEmpty() && e.seedProblems().isEmpty()) {
            out.append("  (none)\n");
        }
        e.seeds().forEach(s -> out.append("  ").append(s.sha(), 0, 12).append("  ").append(s.label()).append("  ")
                .append(s.subsystem()).append("  ").append(Humanize.bytes(s.sizeBytes())).append("  ")
                .append(s.allowed() ? s.entryState() : "refused (not in the seeding allowlist)").append('\n'));
        e.seedProblems().forEach(p -> out.append("  ").append(p.path()).append("  broken manifest: ").append(p.reason()).append('\n'));
        out.append("\nPending tasks\n");
        if (e.pendingTasks().isEmpty()) {
            out.append("  (none)\n");
        }
        e.pendingTasks().forEach(t -> out.append("  ").append(t.taskId()).append("  ").append(t.verb()).append("  since ")
                .append(terminal.seconds(t.dispatchedAt())).append('\n'));
        return out.toString();
    }

    private static String tags(Map<String, String> tags) {
        return tags.isEmpty() ? "-" : new java.util.TreeMap<>(tags).entrySet().stream()
                .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
    }

    /** The agent's clock against the broker's, to a tenth of a second: "+1.2 s", "-0.4 s", or "0 s". */
    static String skew(long ms) {
        long tenths = Math.round(ms / 100.0);
        if (tenths == 0) {
            return "0 s";
        }
        return (tenths > 0 ? "+" : "-") + String.format(Locale.ROOT, "%.1f", Math.abs(tenths) / 10.0) + " s";
    }

    /** Milliseconds as seconds, without a trailing ".0": 15000 -> "15 s", 1500 -> "1.5 s". */
    static String seconds(long ms) {
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }


    /** {@code envoys history}: a line per change, oldest first, times to the millisecond in the local zone. */
    public String history(io.vigo.swarm.api.EnvoyHistory h) {
        StringBuilder out = new StringBuilder();
        out.append("Envoy ").append(h.hostname()).append(" — history since ").append(terminal.seconds(h.since()))
                .append(" · generated ").append(terminal.seconds(h.generatedAt())).append("\n\n");
        if (h.changes().isEmpty()) {
            out.append("No changes.\n");
        }
        java.time.format.DateTimeFormatter millis = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", java.util.Locale.ROOT);
        Table table = new Table(List.of("AT", "CHANGE", "SUBJECT", "DETAIL"));
        for (io.vigo.swarm.api.EnvoyHistory.Change c : h.changes()) {
            table.row(List.of(millis.format(c.at().atZone(terminal.zone())), c.kind(), subject(c), detail(c)));
        }
        if (!h.changes().isEmpty()) {
            out.append(table.render());
        }
        if (h.more() > 0) {
            out.append(String.format(java.util.Locale.ROOT, "%n… and %,d more change(s) within single resyncs, counted but not listed%n", h.more()));
        }
        return out.toString();
    }

    /** A sha is shown by its first 12 digits, as everywhere else. */
    private static String subject(io.vigo.swarm.api.EnvoyHistory.Change c) {
        return c.subject().length() == 64 ? c.subject().substring(0, 12) : c.subject();
    }

    private static String detail(io.vigo.swarm.api.EnvoyHistory.Change c) {
        if (c.kind().equals("cached") || c.kind().equals("download-finished")) {
            try {
                return Humanize.bytes(Long.parseLong(c.detail()));
            } catch (NumberFormatException e) {
                return c.detail();
            }
        }
        return c.detail();
    }
}
