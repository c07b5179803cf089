package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.SeedManifest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bin/vigo export}: what an independent replay of the topics up to a moment says (the same
 * replay as {@code verify --at}), written for analytics outside the JVM: {@code envoys},
 * {@code peer_records}, {@code seeds} and {@code manifest_entries}, as JSON lines or CSV (RFC 4180,
 * a header row first). Times are RFC 3339 UTC; sizes are bytes.
 */
public final class ReplayExport {

    public enum Format { JSONL, CSV }

    /** The files an export writes, in this order. */
    public static final List<String> TABLES = List.of("envoys", "peer_records", "seeds", "manifest_entries");

    /** One object per line: the API's mapper indents, JSON lines must not. */
    private static final com.fasterxml.jackson.databind.ObjectWriter LINE = Json.mapper().writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private ReplayExport() {
    }

    /** Writes the four tables into {@code dir} and returns how many rows each got. */
    public static Map<String, Integer> write(EventReplay replay, Instant at, Format format, Path dir) throws IOException {
        Map<String, List<Map<String, Object>>> tables = tables(replay, at);
        Map<String, Integer> written = new LinkedHashMap<>();
        for (String table : TABLES) {
            List<Map<String, Object>> rows = tables.get(table);
            Path file = dir.resolve(table + (format == Format.CSV ? ".csv" : ".jsonl"));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                if (format == Format.CSV) {
                    out.write(String.join(",", columns(table)) + "\r\n");
                }
                for (Map<String, Object> row : rows) {
                    out.write(format == Format.CSV ? csvRow(row) + "\r\n" : LINE.writeValueAsString(row) + "\n");
                }
            }
            written.put(table, rows.size());
        }
        return written;
    }

    private static List<String> columns(String table) {
        return switch (table) {
            case "envoys" -> List.of("hostname", "in_population", "online", "last_seen", "interval_ms", "swarm_enabled", "decommissioned",
                    "cached", "downloading", "footprint_bytes", "tags");
            case "peer_records" -> List.of("hostname", "sha", "state", "bytes");
            case "seeds" -> List.of("hostname", "sha", "label", "subsystem", "size_bytes", "target", "retention_seconds", "allowed");
            default -> List.of("sha", "state", "seeders", "first_seeded");
        };
    }

    private static Map<String, List<Map<String, Object>>> tables(EventReplay replay, Instant at) {
        List<Map<String, Object>> envoys = new ArrayList<>();
        List<Map<String, Object>> peers = new ArrayList<>();
        List<Map<String, Object>> seeds = new ArrayList<>();
        Map<String, Integer> seeders = new TreeMap<>();
        for (Map.Entry<String, EventReplay.Envoy> e : new TreeMap<>(replay.envoys()).entrySet()) {
            String host = e.getKey();
            EventReplay.Envoy envoy = e.getValue();
            if (envoy.lastCheckInTs < 0) {
                continue; // only reports so far: not an envoy the views know
            }
            boolean allowed = replay.allowsSeeding(host);
            envoys.add(row(columns("envoys"), host, envoy.inPopulation(), envoy.onlineAt(at.toEpochMilli()),
                    Instant.ofEpochMilli(envoy.lastCheckInTs).toString(), envoy.intervalMs, envoy.swarmEnabled,
                    envoy.decommissionedTs > envoy.lastCheckInTs, envoy.cached(), envoy.downloading(), envoy.footprint(),
                    tags(envoy.tags)));
            for (PeerEntry peer : envoy.peers.values()) {
                peers.add(row(columns("peer_records"), host, peer.getSha(), peer.getState().name().toLowerCase(Locale.ROOT), peer.getBytes()));
            }
            for (SeedManifest seed : envoy.seeds.values()) {
                seeds.add(row(columns("seeds"), host, seed.getSha(), seed.getLabel(), seed.getSubsystem().name().toLowerCase(Locale.ROOT),
                        seed.getSizeBytes(), seed.getTarget(), seed.getRetentionSeconds(), allowed));
                if (allowed && envoy.inPopulation()) {
                    seeders.merge(seed.getSha(), 1, Integer::sum);
                }
            }
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        seeders.forEach((sha, count) -> {
            EventReplay.Payload payload = replay.payloads().get(sha);
            if (!payload.purged()) {
                entries.add(row(columns("manifest_entries"), sha, payload.revoked() ? "revoked" : "active", count,
                        Instant.ofEpochMilli(payload.firstSeededTs).toString()));
            }
        });
        return Map.of("envoys", envoys, "peer_records", peers, "seeds", seeds, "manifest_entries", entries);
    }

    private static Map<String, Object> row(List<String> columns, Object... values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), values[i]);
        }
        return row;
    }

    /** Tags as one field: {@code key=value;key=value}, keys sorted. */
    private static String tags(Map<String, String> tags) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(tags).forEach((key, value) -> out.append(out.length() == 0 ? "" : ";").append(key).append('=').append(value));
        return out.toString();
    }

    private static String csvRow(Map<String, Object> row) {
        List<String> fields = new ArrayList<>();
        row.values().forEach(value -> fields.add(csvField(String.valueOf(value))));
        return String.join(",", fields);
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
