package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.EntryState;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.Substrate;
import io.vigo.swarm.api.TaskState;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.events.TaskAssigned;
import io.vigo.swarm.events.TaskDispatched;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison behind `bin/vigo verify`: a view that matches the events has no differences, an altered one is named field by field. */
class ViewComparisonTest {

    private static final Instant NOW = Instant.parse("2026-04-23T18:24:00Z");
    private static final String SHA = "a".repeat(64);
    private static final String SEED = "c".repeat(64);
    private static final String TASK = "task-0000001";

    /** danlap (allowed) caches one blob and seeds one payload; mallory (not allowed) seeds it too; annlap is decommissioned. */
    private static EventReplay replay() {
        SeedManifest seed = new SeedManifest(SEED, "release.tar", Subsystem.PAYLOAD, 10L, "*", 0L);
        EventReplay replay = new EventReplay();
        replay.apply("allowlist", new SeedingAllowlistSet(List.of("dan*"), "vigoserver", "op", NOW), 900);
        replay.apply("danlap", new EnvoyCheckIn("danlap", "1", 15_000L, true, NOW, 1L, 1L), 1000);
        replay.apply("danlap", new CacheResync("danlap", 1L, 1L, List.of(new PeerEntry(SHA, PeerState.CACHED, 500L)), List.of(seed)), 1001);
        replay.apply("danlap", new PeerRecordUpdated("danlap", 1L, 1L, "b".repeat(64), PeerState.CACHED, 9L), 1002); // stale: ignored
        replay.apply("danlap", new PeerRecordUpdated("danlap", 1L, 2L, "not-a-sha", PeerState.CACHED, 9L), 1003);    // invalid: ignored
        replay.apply("mallory", new EnvoyCheckIn("mallory", "1", 15_000L, true, NOW, 1L, 1L), 1000);
        replay.apply("mallory", new CacheResync("mallory", 1L, 1L, List.of(), List.of(seed)), 1001);
        replay.apply("annlap", new EnvoyCheckIn("annlap", "1", 15_000L, true, NOW, 1L, 1L), 1000);
        replay.apply("annlap", new EnvoyDecommissioned("annlap", "op", NOW), 2000);
        replay.apply(TASK, new TaskDispatched(TASK, "vigo swarm _apply-cleanup", "*", 2, "op", NOW, 3600L), 2100);
        replay.apply("danlap", new TaskAssigned("danlap", TASK, "vigo swarm _apply-cleanup", NOW, NOW.plusSeconds(3600)), 2101);
        replay.apply("mallory", new TaskAssigned("mallory", TASK, "vigo swarm _apply-cleanup", NOW, NOW.plusSeconds(3600)), 2101);
        replay.apply("danlap", new TaskResult("danlap", 1L, 3L, TASK, TaskOutcome.DONE, "ok", NOW), 2200);
        return replay;
    }

    private static SwarmStatus status(long total, long footprint, long manifestActive) {
        return new SwarmStatus(NOW, true, 0, total, total, 1, 1, footprint, manifestActive, 0, manifestActive, 0,
                new SwarmStatus.SeedingAllowlist("vigoserver", List.of("dan*")), 0, null);
    }

    private static PeerRow row(String host, long seeding, long cached, long footprint) {
        return new PeerRow(host, EnvoyStatus.ONLINE, seeding + cached > 0 ? Substrate.ACTIVE : Substrate.IDLE, seeding, cached, 0, footprint, NOW, "#f9e2af", false);
    }

    private static ApiViews views(SwarmStatus status, List<PeerRow> rows, long seeders, String taskState) {
        EnvoyList envoys = new EnvoyList(NOW, true, 0,
                List.of(new EnvoyList.EnvoyRow("danlap", EnvoyStatus.ONLINE, false, true, "1", NOW, Map.of(), "#f9e2af", false)));
        ManifestEntries filecasts = new ManifestEntries(NOW, true, 0, List.of(new ManifestEntries.Entry(SEED, "release.tar", "payload",
                10L, "*", 0L, EntryState.ACTIVE, null, NOW, null, seeders, null)));
        RefusedSeeds refused = new RefusedSeeds(NOW, true, 0, List.of(new RefusedSeeds.RefusedSeed("mallory", SEED, "release.tar", "payload", 10L)));
        TaskView task = new TaskView(NOW, true, 0, TASK, "vigo swarm _apply-cleanup", "*", 2, "op", NOW, 1, 1, 0, 0, 0,
                List.of(new TaskView.Target("danlap", TaskState.valueOf(taskState.toUpperCase(java.util.Locale.ROOT)), "ok", NOW), new TaskView.Target("mallory", TaskState.PENDING, "", NOW)));
        return new ApiViews(status, new PeersPage(NOW, true, 0, PeerSort.HOSTNAME, 0, rows.size(), rows, null), envoys, filecasts, refused,
                Map.of(TASK, task));
    }

    @Test
    void asOfAMomentOnlineIsJudgedByTheRuleThen() {
        // danlap and mallory checked in at 1,000 ms every 15 s: online while t - 1,000 <= 37,500.
        assertThat(ViewComparison.statusDifferences(replay(), status(2, 500, 1), Instant.ofEpochMilli(38_500))).isEmpty();
        assertThat(ViewComparison.statusDifferences(replay(), status(2, 500, 1), Instant.ofEpochMilli(38_501)))
                .singleElement().asString().startsWith("status.envoysOnline");
    }

    @Test
    void matchingViewsHaveNoDifferences() {
        ApiViews views = views(status(2, 500, 1), List.of(row("danlap", 1, 1, 500), row("mallory", 0, 0, 0)), 1, "done");
        assertThat(ViewComparison.differences(replay(), views)).isEmpty();
    }

    @Test
    void anAlteredViewIsReportedFieldByField() {
        ApiViews views = views(status(3, 700, 1),
                List.of(row("danlap", 0, 1, 700), row("mallory", 0, 0, 0), row("annlap", 0, 0, 0)), 2, "failed");
        assertThat(ViewComparison.differences(replay(), views)).containsExactlyInAnyOrder(
                "status.envoysTotal events=2 view=3",
                "status.fleetFootprintBytes events=500 view=700",
                "envoy danlap: footprintBytes events=500 view=700",
                "envoy danlap: seeding events=1 view=0",
                "envoy annlap: in the view, not in the population by the events",
                "filecast " + SEED + ": seeders events=1 view=2",
                "task " + TASK + ": targets events={danlap=done, mallory=unfinished} view={danlap=failed, mallory=unfinished}");
    }

    @Test
    void aRevokeInTheEventsMustShowInTheView() {
        EventReplay replay = replay();
        replay.apply(SEED, new io.vigo.swarm.events.ManifestRevoked(SEED, io.vigo.swarm.events.RevokeReason.OPERATOR, "op", NOW), 3000);
        ApiViews views = views(status(2, 500, 1), List.of(row("danlap", 1, 1, 500), row("mallory", 0, 0, 0)), 1, "done");
        assertThat(ViewComparison.differences(replay, views)).containsExactlyInAnyOrder(
                "filecast " + SEED + ": state events=revoked view=active",
                "envoy danlap: seeding events=0 view=1",
                "status.seedingEnvoys events=0 view=1",
                "status.manifestActive events=0 view=1",
                "status.manifestRevoked events=1 view=0");
    }
}
