package io.vigo.swarm.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.Subsystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's files: one row per envoy, peer record, seed and entry, in CSV as RFC 4180 has it and as JSON lines. */
class ReplayExportTest {

    private static final Instant NOW = Instant.parse("2026-04-23T18:24:00Z");
    private static final String SHA = "a".repeat(64);
    private static final String SEED = "c".repeat(64);

    private static EventReplay replay() {
        EventReplay replay = new EventReplay();
        replay.apply("allowlist", new SeedingAllowlistSet(List.of("dan*"), "vigoserver", "op", NOW), 900);
        replay.apply("danlap", new EnvoyCheckIn("danlap", "1", 15_000L, true, NOW, 1L, 1L), 1_000);
        replay.apply("danlap", new CacheResync("danlap", 1L, 1L, List.of(new PeerEntry(SHA, PeerState.CACHED, 500L)),
                List.of(new SeedManifest(SEED, "release, \"final\".tar", Subsystem.PAYLOAD, 10L, "*", 0L))), 1_001);
        replay.apply("danlap", new EnvoyTagged("danlap", "team", "ops", "op", NOW), 1_002);
        return replay;
    }

    @Test
    void csvHasAHeaderARowPerThingAndQuotesWhatNeedsIt(@TempDir Path dir) throws Exception {
        Map<String, Integer> rows = ReplayExport.write(replay(), Instant.ofEpochMilli(40_000), ReplayExport.Format.CSV, dir);

        assertThat(rows).containsExactly(Map.entry("envoys", 1), Map.entry("peer_records", 1), Map.entry("seeds", 1), Map.entry("manifest_entries", 1));
        assertThat(Files.readString(dir.resolve("envoys.csv"))).isEqualTo(
                "hostname,in_population,online,last_seen,interval_ms,swarm_enabled,decommissioned,cached,downloading,footprint_bytes,tags\r\n"
                + "danlap,true,false,1970-01-01T00:00:01Z,15000,true,false,1,0,500,team=ops\r\n");
        assertThat(Files.readString(dir.resolve("seeds.csv"))).endsWith(
                "danlap," + SEED + ",\"release, \"\"final\"\".tar\",payload,10,*,0,true\r\n");
        assertThat(Files.readString(dir.resolve("manifest_entries.csv"))).endsWith(SEED + ",active,1,1970-01-01T00:00:01.001Z\r\n");
    }

    @Test
    void jsonLinesCarryTheSameRows(@TempDir Path dir) throws Exception {
        ReplayExport.write(replay(), Instant.ofEpochMilli(20_000), ReplayExport.Format.JSONL, dir);

        List<String> lines = Files.readAllLines(dir.resolve("envoys.jsonl"));
        assertThat(lines).hasSize(1);
        var envoy = Json.mapper().readTree(lines.get(0));
        assertThat(envoy.get("online").asBoolean()).as("20 s after a check-in every 15 s").isTrue();
        assertThat(envoy.get("footprint_bytes").asLong()).isEqualTo(500);
        assertThat(Json.mapper().readTree(Files.readAllLines(dir.resolve("peer_records.jsonl")).get(0)).get("state").asText()).isEqualTo("cached");
    }
}
