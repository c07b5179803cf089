package io.vigo.swarm.streams.topology;

import static io.vigo.swarm.streams.topology.SwarmDriver.sha;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.history.StoredMoment;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The envoys' history (SPEC §12 "as of" for peers and envoys show): the envoy and its records as of
 * T are what the input up to T made them, with offline from the millisecond after its deadline, however late the sweep ran
 * and whatever was reported meanwhile; a check-in that changes nothing writes nothing.
 */
class HostHistoryTopologyTest {

    /** 2.5 × the driver's 15 s interval. */
    private static final Duration GRACE = Duration.ofMillis(37_500);

    @Test
    void anEnvoyGoesOfflineAtItsDeadlineAndComesBackWithItsCounts() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            Instant seen = swarm.now();
            swarm.checkIn("danlap");
            swarm.advance(Duration.ofSeconds(1));
            Instant cached = swarm.now();
            swarm.cached("danlap", sha(1), 4_000);
            swarm.advance(Duration.ofSeconds(60)); // the sweep turns it offline, late
            Instant back = swarm.now();
            swarm.checkIn("danlap");

            assertThat(at(swarm, "danlap", seen.minusMillis(1))).as("before its first check-in").isNull();
            assertThat(at(swarm, "danlap", seen)).extracting(EnvoyState::getOnline, EnvoyState::getCached).containsExactly(true, 0);
            assertThat(at(swarm, "danlap", cached)).extracting(EnvoyState::getOnline, EnvoyState::getFootprintBytes).containsExactly(true, 4_000L);
            assertThat(at(swarm, "danlap", seen.plus(GRACE)).getOnline()).isTrue();
            assertThat(at(swarm, "danlap", seen.plus(GRACE).plusMillis(1)))
                    .extracting(EnvoyState::getOnline, EnvoyState::getLastSeenMs, EnvoyState::getCached)
                    .containsExactly(false, seen.toEpochMilli(), 1);
            assertThat(at(swarm, "danlap", back)).extracting(EnvoyState::getOnline, EnvoyState::getLastSeenMs).containsExactly(true, back.toEpochMilli());
        }
    }

    @Test
    void aReportThatArrivedBeforeTheSweepNoticedTheSilenceIsOfflineToo() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            Instant seen = swarm.now();
            swarm.checkIn("plex");
            swarm.advanceEventTime(Duration.ofSeconds(40)); // past the deadline, no sweep yet
            Instant reported = swarm.now();
            swarm.cached("plex", sha(2), 500);
            swarm.advance(Duration.ofSeconds(45)); // the wall clock passes the deadline: the sweep says offline from it, behind the report

            assertThat(at(swarm, "plex", seen.plus(GRACE))).extracting(EnvoyState::getOnline, EnvoyState::getCached).containsExactly(true, 0);
            assertThat(at(swarm, "plex", seen.plus(GRACE).plusMillis(1)).getOnline()).isFalse();
            assertThat(at(swarm, "plex", reported)).as("the report's version, offline as the rule says")
                    .extracting(EnvoyState::getOnline, EnvoyState::getCached).containsExactly(false, 1);
        }
    }

    @Test
    void anEnvoyThatReturnedBeforeAnySweepWasOfflineInBetween() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            Instant seen = swarm.now();
            swarm.checkIn("annlap");
            swarm.advanceEventTime(Duration.ofSeconds(50)); // no wall-clock tick: no sweep ran
            Instant back = swarm.now();
            swarm.checkIn("annlap");

            assertThat(at(swarm, "annlap", seen.plus(GRACE).plusMillis(1)).getOnline()).isFalse();
            assertThat(at(swarm, "annlap", back.minusMillis(1)).getOnline()).isFalse();
            assertThat(at(swarm, "annlap", back).getOnline()).isTrue();
        }
    }

    @Test
    void aLateReportMovesTheCountsOfEveryLaterVersion() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.checkIn("homeserver");
            swarm.advanceEventTime(Duration.ofSeconds(1));
            Instant first = swarm.now();
            swarm.cached("homeserver", sha(1), 100);
            swarm.advanceEventTime(Duration.ofSeconds(2));
            Instant second = swarm.now();
            swarm.tag("homeserver", "team", "ops");
            swarm.cached("homeserver", sha(2), 10);
            // stamped between the two, processed last
            swarm.advanceEventTime(Duration.ofSeconds(-1));
            Instant late = swarm.now();
            swarm.cached("homeserver", sha(3), 1_000);

            assertThat(at(swarm, "homeserver", first).getFootprintBytes()).isEqualTo(100);
            assertThat(at(swarm, "homeserver", late)).extracting(EnvoyState::getFootprintBytes, EnvoyState::getTags)
                    .containsExactly(1_100L, Map.of());
            assertThat(at(swarm, "homeserver", second)).extracting(EnvoyState::getFootprintBytes, EnvoyState::getCached, EnvoyState::getTags)
                    .containsExactly(1_110L, 3, Map.of("team", "ops"));
        }
    }

    @Test
    void aCheckInThatChangesNothingAddsNoVersion() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.checkIn("danlap");
            long versions = count(swarm);
            for (int i = 0; i < 5; i++) {
                swarm.advance(Duration.ofSeconds(15));
                swarm.checkIn("danlap");
            }
            assertThat(count(swarm)).isEqualTo(versions);
        }
    }

    @Test
    void aResyncOfManyRecordsIsOneMomentWithAllOfThem() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.checkIn("plex");
            long before = count(swarm);
            swarm.advanceEventTime(Duration.ofSeconds(1));
            java.util.List<io.vigo.swarm.events.PeerEntry> cache = new java.util.ArrayList<>();
            for (int blob = 1; blob <= 12; blob++) {
                cache.add(new io.vigo.swarm.events.PeerEntry(sha(blob), io.vigo.swarm.events.PeerState.CACHED, blob * 100L));
            }
            swarm.resync("plex", cache, java.util.List.of());

            assertThat(count(swarm)).as("the records, the envoy's counts and the timeline in one write").isEqualTo(before + 1);
            assertThat(peers(swarm, "plex", swarm.now())).hasSize(12).containsEntry(sha(12), "cached 1200");
            assertThat(at(swarm, "plex", swarm.now()).getCached()).isEqualTo(12);
            assertThat(HistoryTopologyTest.timeline(swarm, "plex", swarm.now())).extracting(HostHistory.Change::kind).hasSize(12).containsOnly("cached");
        }
    }

    @Test
    void anEnvoysRecordsAsOfEachMomentFollowEveryChange() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.allowlist("vigoserver");
            swarm.checkIn("vigoserver");
            swarm.downloading("vigoserver", sha(1), 10);
            Instant downloading = swarm.now();
            swarm.advance(Duration.ofSeconds(1));
            swarm.downloading("vigoserver", sha(1), 20); // progress is a change of the record's bytes
            Instant progressed = swarm.now();
            swarm.advance(Duration.ofSeconds(1));
            swarm.cached("vigoserver", sha(1), 4_000);
            swarm.seeds("vigoserver", sha(2), "release", io.vigo.swarm.events.Subsystem.PAYLOAD);
            swarm.dispatch("task-0001", Duration.ofHours(1), "vigoserver");
            Instant cached = swarm.now();
            swarm.advance(Duration.ofSeconds(1));
            swarm.evicted("vigoserver", sha(1));
            swarm.taskResult("vigoserver", "task-0001", io.vigo.swarm.events.TaskOutcome.DONE, "cleaned 1");
            Instant evicted = swarm.now();
            swarm.advance(Duration.ofSeconds(1));
            swarm.cached("vigoserver", sha(1), 5_000); // the same blob again
            Instant again = swarm.now();

            assertThat(peers(swarm, "vigoserver", downloading)).containsExactly(Map.entry(sha(1), "downloading 10"));
            assertThat(peers(swarm, "vigoserver", progressed)).containsExactly(Map.entry(sha(1), "downloading 20"));
            assertThat(peers(swarm, "vigoserver", cached)).containsExactly(Map.entry(sha(1), "cached 4000"));
            assertThat(peers(swarm, "vigoserver", evicted)).isEmpty();
            assertThat(peers(swarm, "vigoserver", again)).containsExactly(Map.entry(sha(1), "cached 5000"));
            var atCached = records(swarm, "vigoserver", cached);
            assertThat(atCached.get(RecordKind.SEED)).containsOnlyKeys(sha(2));
            assertThat(((io.vigo.swarm.streams.state.EnvoyTask) atCached.get(RecordKind.TASK).get("task-0001")).getState())
                    .isEqualTo(io.vigo.swarm.streams.state.TaskRunState.PENDING);
            assertThat(((io.vigo.swarm.streams.state.EnvoyTask) records(swarm, "vigoserver", evicted).get(RecordKind.TASK)
                    .get("task-0001")).getOutput()).isEqualTo("cleaned 1");
            assertThat(records(swarm, "vigoserver", downloading.minusMillis(1)).get(RecordKind.PEER)).isEmpty();
        }
    }

    @Test
    void aLateReportOfARecordWinsFromItsMomentOn() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.checkIn("plex");
            swarm.advanceEventTime(Duration.ofSeconds(1));
            Instant before = swarm.now();
            swarm.advanceEventTime(Duration.ofSeconds(1));
            Instant first = swarm.now();
            swarm.cached("plex", sha(3), 100);
            swarm.advanceEventTime(Duration.ofSeconds(-1)); // stamped earlier, processed later: the view now says evicted
            Instant late = swarm.now();
            swarm.evicted("plex", sha(3));

            assertThat(late).isEqualTo(before);
            assertThat(peers(swarm, "plex", late)).isEmpty();
            assertThat(peers(swarm, "plex", first)).as("as the view says after both").isEmpty();
        }
    }

    @Test
    void recordsOlderThanTheHorizonFoldIntoOneVersionEach() {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.checkIn("homeserver");
            swarm.cached("homeserver", sha(1), 100);
            swarm.cached("homeserver", sha(2), 200);
            swarm.advanceEventTime(Duration.ofSeconds(1));
            swarm.downloading("homeserver", sha(1), 5); // replaced
            swarm.evicted("homeserver", sha(2)); // gone
            swarm.advanceEventTime(Duration.ofDays(8));
            swarm.checkIn("homeserver");
            while (!io.vigo.swarm.streams.history.HistoryHorizon.trimsNow("homeserver", swarm.now().toEpochMilli())) {
                swarm.advanceEventTime(Duration.ofMillis(1));
            }
            swarm.cached("homeserver", sha(3), 300); // a change at a moment that trims: what is past the horizon folds

            assertThat(count(swarm)).as("what is past the horizon (the changes, the offline at the deadline) folded into one moment,"
                    + " the return 8 days later, sha3's moment, and the partition's start mark").isEqualTo(4);
            assertThat(peers(swarm, "homeserver", swarm.now().minusSeconds(1))).containsExactly(Map.entry(sha(1), "downloading 5"));
            assertThat(peers(swarm, "homeserver", swarm.now())).containsOnlyKeys(sha(1), sha(3));
        }
    }

    @Test
    void withHistoryOffNothingIsWrittenPerChange() {
        try (SwarmDriver swarm = new SwarmDriver(Duration.ZERO)) {
            swarm.allowlist("vigoserver");
            swarm.checkIn("vigoserver");
            swarm.cached("vigoserver", sha(1), 100);
            swarm.seeds("vigoserver", sha(2), "release", io.vigo.swarm.events.Subsystem.PAYLOAD);
            swarm.tag("vigoserver", "team", "ops");
            swarm.advance(Duration.ofMinutes(2)); // offline, and the prune tick

            assertThat(swarm.fleetTotals().getFootprintBytes()).as("the live views as ever").isEqualTo(100);
            for (String store : java.util.List.of(StoreNames.FLEET_HISTORY, StoreNames.MANIFEST_HISTORY, StoreNames.ENVOY_HISTORY,
                    StoreNames.BLOB_HISTORY, StoreNames.MANIFEST_VERSIONS)) {
                KeyValueStore<Bytes, Object> history = swarm.store(store);
                try (var it = history.all()) {
                    assertThat(it.hasNext()).as(store).isFalse();
                }
            }
        }
    }

    private static Map<String, String> peers(SwarmDriver swarm, String host, Instant at) {
        Map<String, String> peers = new java.util.TreeMap<>();
        records(swarm, host, at).get(RecordKind.PEER).forEach((sha, value) -> {
            var holding = (io.vigo.swarm.streams.state.PeerHolding) value;
            peers.put(sha, (holding.getCached() ? "cached " : "downloading ") + holding.getBytes());
        });
        return peers;
    }

    private static Map<RecordKind, Map<String, org.apache.avro.specific.SpecificRecord>> records(SwarmDriver swarm, String host, Instant at) {
        KeyValueStore<Bytes, StoredMoment> store = swarm.store(StoreNames.ENVOY_HISTORY);
        return HostHistory.recordsAsOf(store, host, at.toEpochMilli());
    }

    private static EnvoyState at(SwarmDriver swarm, String host, Instant at) {
        KeyValueStore<Bytes, StoredMoment> store = swarm.store(StoreNames.ENVOY_HISTORY);
        return HostHistory.envoyAsOf(store, host, at.toEpochMilli());
    }

    private static long count(SwarmDriver swarm) {
        KeyValueStore<Bytes, StoredMoment> store = swarm.store(StoreNames.ENVOY_HISTORY);
        long n = 0;
        try (KeyValueIterator<Bytes, StoredMoment> it = store.all()) {
            for (; it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
