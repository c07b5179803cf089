package io.vigo.swarm.events.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigo.swarm.api.envoy.CheckIn;
import io.vigo.swarm.api.envoy.Report;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.events.rules.InvalidEventException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EnvoyProtocolTest {

    private static final String SHA = "a".repeat(64);
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void everyEnvoyEventTravelsAsAMessageAndComesBackEqual() {
        SeedManifest seed = new SeedManifest(SHA, "release.tar", Subsystem.GITBACK, 16L, "*.ci", 3600L);
        List<SpecificRecord> events = List.of(
                new PeerRecordUpdated("danlap", 5L, 1L, SHA, PeerState.DOWNLOADING, 100L),
                new PeerRecordRemoved("danlap", 5L, 2L, SHA),
                new CacheResync("danlap", 5L, 3L, List.of(new PeerEntry(SHA, PeerState.CACHED, 2L)), List.of(seed)),
                new io.vigo.swarm.events.CacheResyncPage("danlap", 5L, 8L, "", null, List.of(new PeerEntry(SHA, PeerState.CACHED, 2L)), List.of(seed)),
                new io.vigo.swarm.events.CacheResyncPage("danlap", 5L, 9L, SHA, "f".repeat(64), List.of(), List.of()),
                new SeedAnnounced("danlap", 5L, 4L, seed),
                new SeedWithdrawn("danlap", 5L, 5L, SHA),
                new SeedManifestBroken("danlap", 5L, 6L, "seed/x", "no manifest"),
                new TaskResult("danlap", 5L, 7L, "task-0001", TaskOutcome.FAILED, "swarm cleanup: errors=1", AT));
        for (SpecificRecord event : events) {
            assertThat(EnvoyProtocol.toEvent(EnvoyProtocol.toMessage(event))).isEqualTo(event);
        }
        EnvoyCheckIn checkIn = new EnvoyCheckIn("danlap", "0.1.0", 15_000L, true, AT, 5L, 9L);
        assertThat(EnvoyProtocol.toEvent(EnvoyProtocol.toMessage(checkIn))).isEqualTo(checkIn);
    }

    @Test
    void aSeedsOptionalFieldsTakeTheirDefaults() {
        Report.SeedAnnounced announced = new Report.SeedAnnounced("danlap", 5L, 1L, new Report.Seed(SHA, "x", null, 1L, null, null));
        SeedManifest seed = ((SeedAnnounced) EnvoyProtocol.toEvent(announced)).getSeed();
        assertThat(seed.getSubsystem()).isEqualTo(Subsystem.PAYLOAD);
        assertThat(seed.getTarget()).isEqualTo("*");
        assertThat(seed.getRetentionSeconds()).isZero();
    }

    @Test
    void aMissingFieldOrAnUnknownSymbolIsNamed() {
        assertThatThrownBy(() -> EnvoyProtocol.toEvent(new CheckIn("danlap", "v", 1000L, true, AT, null, 1L)))
                .isInstanceOf(InvalidEventException.class).hasMessage("agentEpoch is missing");
        assertThatThrownBy(() -> EnvoyProtocol.toEvent(new Report.PeerRecordUpdated("danlap", 1L, 1L, SHA, "CACHED", 1L)))
                .isInstanceOf(InvalidEventException.class).hasMessage("state \"CACHED\" is not cached or downloading");
        assertThatThrownBy(() -> EnvoyProtocol.toEvent(new Report.PeerRecordUpdated("danlap", 1L, 1L, SHA, "unknown", 1L)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("is not cached or downloading");
        assertThatThrownBy(() -> EnvoyProtocol.toEvent(new Report.TaskResult("danlap", 1L, 1L, "task-0001", "ok", "x", AT)))
                .isInstanceOf(InvalidEventException.class).hasMessage("outcome \"ok\" is not done or failed");
    }
}
