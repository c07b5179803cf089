package io.vigo.swarm.streams.topology;

import static io.vigo.swarm.streams.topology.SwarmDriver.sha;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.streams.history.HistoryHorizon;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.history.Totals;
import io.vigo.swarm.streams.history.TotalsHistory;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.history.StoredMoment;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The totals' history (SPEC §12): as of T it is exactly what the input up to T makes, with online
 * decided by the rule at T — an envoy is offline from the millisecond after 2.5 intervals of
 * silence, whenever the sweep noticed, and also when it checked in again before any sweep did.
 */
class HistoryTopologyTest {

    /** 2.5 × the driver's 15 s interval. */
    private static final Duration GRACE = Duration.ofMillis(37_500);

    @Test
    void anEnvoyIsOfflineFromTheMillisecondAfterItsDeadlineAndOnlineAgainFromItsCheckIn() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            Instant seen = swarm.now();
            swarm.checkIn("danlap");
            swarm.advance(Duration.ofSeconds(50)); // the sweep turns it offline, 12.5 s late
            Instant back = swarm.now();
            swarm.checkIn("danlap");

            assertThat(fleetAt(swarm, seen.minusMillis(1)).getOnline()).isZero();
            assertThat(fleetAt(swarm, seen).getOnline()).isEqualTo(1);
            assertThat(fleetAt(swarm, seen.plus(GRACE)).getOnline()).as("T - lastSeen = 2.5 intervals: still online").isEqualTo(1);
            assertThat(fleetAt(swarm, seen.plus(GRACE).plusMillis(1)).getOnline()).isZero();
            assertThat(fleetAt(swarm, back.minusMillis(1)).getOnline()).isZero();
            assertThat(fleetAt(swarm, back).getOnline()).isEqualTo(1);
            assertThat(fleetAt(swarm, back).getPopulation()).as("known the whole time").isEqualTo(1);
        }
    }

    @Test
    void anEnvoyThatReturnsBeforeAnySweepNoticedWasStillOfflineInBetween() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            Instant seen = swarm.now();
            swarm.checkIn("danlap");
            swarm.advanceEventTime(Duration.ofSeconds(50)); // no wall-clock tick: no sweep ran
            Instant back = swarm.now();
            swarm.checkIn("danlap");

            assertThat(swarm.fleetTotals().getOnline()).as("live, it never went offline").isEqualTo(1);
            assertThat(fleetAt(swarm, seen.plus(GRACE)).getOnline()).isEqualTo(1);
            assertThat(fleetAt(swarm, seen.plus(GRACE).plusMillis(1)).getOnline()).as("by the rule it was offline").isZero();
            assertThat(fleetAt(swarm, back.minusMillis(1)).getOnline()).isZero();
            assertThat(fleetAt(swarm, back).getOnline()).isEqualTo(1);
        }
    }

    @Test
    void aBlobEvictedAndCachedAgainShowsAtEachMoment() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.checkIn("plex");
            swarm.advance(Duration.ofSeconds(1));
            Instant cached = swarm.now();
            swarm.cached("plex", sha(1), 1_000);
            swarm.advance(Duration.ofSeconds(1));
            Instant evicted = swarm.now();
            swarm.evicted("plex", sha(1));
            swarm.advance(Duration.ofSeconds(1));
            Instant again = swarm.now();
            swarm.cached("plex", sha(1), 2_000);

            assertThat(fleetAt(swarm, cached.minusMillis(1)).getFootprintBytes()).isZero();
            assertThat(fleetAt(swarm, cached)).extracting(FleetTotals::getFootprintBytes, FleetTotals::getSubstrateActive).containsExactly(1_000L, 1L);
            assertThat(fleetAt(swarm, evicted)).extracting(FleetTotals::getFootprintBytes, FleetTotals::getSubstrateActive).containsExactly(0L, 0L);
            assertThat(fleetAt(swarm, again)).extracting(FleetTotals::getFootprintBytes, FleetTotals::getSubstrateActive).containsExactly(2_000L, 1L);
        }
    }

    @Test
    void aShaPurgedThenPublishedAgainCountsOnceAtEachMoment() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.allowlist("vigoserver");
            swarm.checkIn("vigoserver");
            Instant published = swarm.now();
            swarm.seeds("vigoserver", sha(7), "release", Subsystem.PAYLOAD);
            swarm.advance(Duration.ofSeconds(1));
            Instant revoked = swarm.now();
            swarm.revoke(sha(7));
            swarm.advance(Duration.ofSeconds(1));
            Instant purged = swarm.now();
            swarm.purge(sha(7));
            swarm.advance(Duration.ofSeconds(1));
            swarm.withdraws("vigoserver", sha(7));
            swarm.advance(Duration.ofSeconds(1));
            Instant republished = swarm.now();
            swarm.seeds("vigoserver", sha(7), "release", Subsystem.PAYLOAD);

            assertThat(manifestAt(swarm, published)).extracting(ManifestTotals::getActive, ManifestTotals::getRevoked).containsExactly(1L, 0L);
            assertThat(fleetAt(swarm, published).getSeedingEnvoys()).isEqualTo(1);
            assertThat(manifestAt(swarm, revoked)).extracting(ManifestTotals::getActive, ManifestTotals::getRevoked).containsExactly(0L, 1L);
            assertThat(fleetAt(swarm, revoked).getSeedingEnvoys()).as("a revoked entry seeds nothing").isZero();
            assertThat(manifestAt(swarm, purged)).extracting(ManifestTotals::getActive, ManifestTotals::getRevoked).containsExactly(0L, 0L);
            assertThat(manifestAt(swarm, republished)).extracting(ManifestTotals::getActive, ManifestTotals::getRevoked).containsExactly(1L, 0L);
            assertThat(fleetAt(swarm, republished).getSeedingEnvoys()).isEqualTo(1);
            assertThat(manifestAt(swarm, republished)).isEqualTo(swarm.manifestTotals());
        }
    }

    @Test
    void checkpointsKeepAnswersExactWhenAChangeArrivesBehindThem() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            List<Instant> moments = new ArrayList<>();
            List<Long> footprints = new ArrayList<>();
            long footprint = 0;
            swarm.checkIn("annlap");
            for (int blob = 1; blob <= 3 * TotalsHistory.CHECKPOINT_EVERY + 7; blob++) {
                swarm.advanceEventTime(Duration.ofMillis(10));
                swarm.cached("annlap", sha(blob), blob);
                footprint += blob;
                moments.add(swarm.now());
                footprints.add(footprint);
            }
            // A report stamped 2 s back (behind at least one checkpoint), and processed last.
            Instant late = swarm.now().minusSeconds(2);
            swarm.advanceEventTime(Duration.ofSeconds(-2));
            swarm.cached("annlap", sha(100_000), 1_000_000);
            assertThat(lateEntries(swarm)).as("the late change waits to be settled into the checkpoints").isPositive();
            assertFootprints(swarm, moments, footprints, late);

            // The minute's pruning settles late changes into every checkpoint after them, once.
            swarm.advance(HistoryHorizon.PRUNE_EVERY);
            assertThat(lateEntries(swarm)).as("settled").isZero();
            assertFootprints(swarm, moments, footprints, late);
        }
    }

    private static void assertFootprints(SwarmDriver swarm, List<Instant> moments, List<Long> footprints, Instant late) {
        for (int i = 0; i < moments.size(); i++) {
            long expected = footprints.get(i) + (moments.get(i).isBefore(late) ? 0 : 1_000_000);
            assertThat(fleetAt(swarm, moments.get(i)).getFootprintBytes()).as("as of %s", moments.get(i)).isEqualTo(expected);
        }
        assertThat(fleetAt(swarm, Instant.parse("2100-01-01T00:00:00Z"))).as("as of the end: the live totals").isEqualTo(swarm.fleetTotals());
    }

    /** The fleet history's late entries not yet settled (keys 'L' + moment). */
    private static long lateEntries(SwarmDriver swarm) {
        KeyValueStore<Bytes, FleetTotals> store = swarm.store(StoreNames.FLEET_HISTORY);
        try (var all = store.all()) {
            long count = 0;
            while (all.hasNext()) {
                count += all.next().key.get()[0] == 'L' ? 1 : 0;
            }
            return count;
        }
    }

    @Test
    void anEnvoysTimelineListsItsChangesAtTheMomentsTheyTookEffectAndNothingForAPlainCheckIn() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.allowlist("vigoserver");
            Instant start = swarm.now();
            swarm.checkIn("danlap");
            swarm.advance(Duration.ofSeconds(1));
            swarm.checkIn("danlap"); // changes nothing but last seen
            swarm.downloading("danlap", sha(1), 10);
            swarm.advance(Duration.ofSeconds(1));
            swarm.cached("danlap", sha(1), 4_000);
            swarm.tag("danlap", "team", "ops");
            swarm.seeds("danlap", sha(2), "notes", Subsystem.PAYLOAD); // danlap is not on the allowlist
            swarm.advance(Duration.ofSeconds(1));
            swarm.evicted("danlap", sha(1));
            swarm.dispatch("task-0001", Duration.ofHours(1), "danlap");
            swarm.taskResult("danlap", "task-0001", io.vigo.swarm.events.TaskOutcome.DONE, "cleaned 3");
            Instant silent = swarm.now();
            swarm.advance(Duration.ofSeconds(60)); // silent: offline 37.5 s after the last check-in
            swarm.decommission("danlap");

            List<String> lines = timeline(swarm, "danlap", start).stream()
                    .map(c -> (c.atMs() - start.toEpochMilli()) + " " + c.kind() + " " + shortened(c.subject()) + " " + c.detail()).toList();
            assertThat(lines).containsExactly(
                    "0 online  ",
                    "1000 download-started " + shortened(sha(1)) + " ",
                    "2000 download-finished " + shortened(sha(1)) + " 4000",
                    "2000 tagged team ops",
                    "2000 seed-refused " + shortened(sha(2)) + " notes",
                    "3000 evicted " + shortened(sha(1)) + " ",
                    "3000 task-assigned task-0001 ",
                    "3000 task-done task-0001 cleaned 3",
                    (1000 + 37_500 + 1) + " offline  ",
                    (silent.toEpochMilli() - start.toEpochMilli() + 60_000) + " decommissioned  ");
        }
    }

    @Test
    void aBlobsHoldersAndDownloadersCountEveryChangeAtItsMoment() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            Instant start = swarm.now();
            swarm.checkIn("a");
            swarm.checkIn("b");
            swarm.downloading("a", sha(9), 10);
            swarm.advance(Duration.ofSeconds(1));
            swarm.downloading("a", sha(9), 20); // progress: no change of counts
            swarm.cached("a", sha(9), 100);
            swarm.downloading("b", sha(9), 10);
            swarm.advance(Duration.ofSeconds(1));
            swarm.cached("b", sha(9), 100);
            swarm.advance(Duration.ofSeconds(1));
            swarm.evicted("a", sha(9));

            KeyValueStore<Bytes, io.vigo.swarm.streams.state.BlobChange> store = swarm.store(StoreNames.BLOB_HISTORY);
            List<String> changes = io.vigo.swarm.streams.history.BlobHistory.read(store, sha(9), Long.MAX_VALUE).stream()
                    .map(c -> (c.atMs() - start.toEpochMilli()) + ": holders " + c.holders() + ", downloaders " + c.downloaders()).toList();
            assertThat(changes).containsExactly(
                    "0: holders 0, downloaders 1",
                    "1000: holders 1, downloaders 0", // a finished (-1 downloading, +1 cached), b started (+1 downloading)
                    "2000: holders 1, downloaders -1",
                    "3000: holders -1, downloaders 0");
        }
    }

    private static String shortened(String subject) {
        return subject.length() == 64 ? subject.substring(56) : subject; // the test's shas differ at the end
    }

    static List<HostHistory.Change> timeline(SwarmDriver swarm, String host, Instant from) {
        KeyValueStore<Bytes, StoredMoment> store = swarm.store(StoreNames.ENVOY_HISTORY);
        return HostHistory.timeline(store, host, from.toEpochMilli(), Long.MAX_VALUE).changes();
    }

    static FleetTotals fleetAt(SwarmDriver swarm, Instant at) {
        KeyValueStore<Bytes, FleetTotals> store = swarm.store(StoreNames.FLEET_HISTORY);
        return TotalsHistory.asOf(store, Totals.FLEET, at.toEpochMilli());
    }

    static ManifestTotals manifestAt(SwarmDriver swarm, Instant at) {
        KeyValueStore<Bytes, ManifestTotals> store = swarm.store(StoreNames.MANIFEST_HISTORY);
        return TotalsHistory.asOf(store, Totals.MANIFEST, at.toEpochMilli());
    }
}
