package io.vigo.swarm.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewComparisonTest {

    private static final Instant NOW = Instant.parse("2026-04-23T18:24:00Z");
    private static final String SHA = "a".repeat(64);

    private static EventReplay replay() {
        EventReplay replay = new EventReplay();
        replay.apply("danlap", new EnvoyCheckIn("danlap", "1", 15_000L, true, NOW, 1L, 1L), 1000);
        replay.apply("danlap", new CacheResync("danlap", 1L, 1L, List.of(new PeerEntry(SHA, PeerState.CACHED, 500L)), List.of()), 1001);
        replay.apply("danlap", new PeerRecordUpdated("danlap", 1L, 1L, "b".repeat(64), PeerState.CACHED, 9L), 1002); // stale: ignored
        replay.apply("danlap", new PeerRecordUpdated("danlap", 1L, 2L, "not-a-sha", PeerState.CACHED, 9L), 1003);    // invalid: ignored
        replay.apply("annlap", new EnvoyCheckIn("annlap", "1", 15_000L, true, NOW, 1L, 1L), 1000);
        replay.apply("annlap", new EnvoyDecommissioned("annlap", "op", NOW), 2000);
        return replay;
    }

    private static SwarmStatus status(long total, long footprint) {
        return new SwarmStatus(NOW, true, 0, total, total, 1, 0, footprint, 0, 0, 0, 0, new SwarmStatus.SeedingAllowlist("", List.of()), 0);
    }

    private static PeerRow row(String host, long cached, long footprint) {
        return new PeerRow(host, "online", "active", 0, cached, 0, footprint, NOW, "#f9e2af", false);
    }

    private static EnvoyList envoys() {
        return new EnvoyList(NOW, true, 0, List.of(new EnvoyList.EnvoyRow("danlap", "online", false, true, "1", NOW, Map.of(), "#f9e2af", false)));
    }

    @Test
    void matchingViewsHaveNoDifferences() {
        assertThat(ViewComparison.differences(replay(), status(1, 500),
                new PeersPage(NOW, true, 0, "hostname", 0, 1, List.of(row("danlap", 1, 500))), envoys())).isEmpty();
    }

    @Test
    void anAlteredViewIsReportedFieldByField() {
        List<String> differences = ViewComparison.differences(replay(), status(2, 700),
                new PeersPage(NOW, true, 0, "hostname", 0, 2, List.of(row("danlap", 1, 700), row("annlap", 0, 0))), envoys());
        assertThat(differences).containsExactlyInAnyOrder(
                "status.envoysTotal events=1 view=2",
                "status.fleetFootprintBytes events=500 view=700",
                "envoy danlap: footprintBytes events=500 view=700",
                "envoy annlap: in the view, not in the population by the events");
    }
}
