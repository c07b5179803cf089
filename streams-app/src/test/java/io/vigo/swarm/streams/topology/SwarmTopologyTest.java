package io.vigo.swarm.streams.topology;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.streams.state.StoreNames;
import static io.vigo.swarm.streams.topology.SwarmDriver.INTERVAL;
import static io.vigo.swarm.streams.topology.SwarmDriver.sha;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.streams.errors.DeadLetters;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.state.EntryState;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwarmTopologyTest {

    private final SwarmDriver swarm = new SwarmDriver();

    @AfterEach
    void close() {
        swarm.close();
    }

    @Test
    void turnsOfflineAfterTwoAndAHalfIntervals() {
        swarm.checkIn("danlap");
        assertThat(swarm.envoy("danlap").getOnline()).isTrue();
        assertThat(swarm.fleetTotals().getOnline()).isEqualTo(1);

        swarm.advance(Duration.ofMillis(INTERVAL * 5 / 2 - 500));
        assertThat(swarm.envoy("danlap").getOnline()).as("just before 2.5 intervals").isTrue();

        swarm.advance(Duration.ofMillis(750));
        assertThat(swarm.envoy("danlap").getOnline()).as("just after 2.5 intervals").isFalse();
        assertThat(swarm.fleetTotals().getOnline()).isZero();
        assertThat(swarm.fleetTotals().getPopulation()).isEqualTo(1);
        assertThat(swarm.statusChanges()).extracting(kv -> kv.value.getOnline()).containsExactly(true, false);
        assertThat(swarm.metric("status-transitions-total")).isEqualTo(2.0);
        assertThat(swarm.metric("offline-detection-latency-max")).as("ns past the deadline").isBetween(0.0, 250e6);
    }

    @Test
    void aWholeFleetOverdueAtOnceGoesOfflineOverSeveralSweeps() {
        int most = io.vigo.swarm.streams.state.DeadlineIndex.MOST_PER_SWEEP;
        int fleet = most * 2 + 100;
        long checkedInAt = swarm.now().toEpochMilli();
        for (int i = 0; i < fleet; i++) {
            swarm.checkIn("host-" + i);
        }
        assertThat(swarm.fleetTotals().getOnline()).isEqualTo(fleet);

        // Every deadline passed before the first sweep that sees them (an app that was down, or caught up).
        swarm.advance(Duration.ofMillis(INTERVAL * 5 / 2 + 250));
        assertThat(swarm.fleetTotals().getOnline()).as("after the first sweep").isEqualTo(fleet - most);
        swarm.advance(Duration.ofMillis(250));
        assertThat(swarm.fleetTotals().getOnline()).as("after the second").isEqualTo(fleet - 2 * most);
        swarm.advance(Duration.ofMillis(250));
        assertThat(swarm.fleetTotals().getOnline()).as("after the third").isZero();
        assertThat(swarm.fleetTotals().getPopulation()).isEqualTo(fleet);
        assertThat(swarm.statusChanges()).filteredOn(change -> !change.value.getOnline()).hasSize(fleet)
                .allSatisfy(change -> assertThat(change.value.getLastSeenMs()).isEqualTo(checkedInAt));
    }

    /**
     * Most deadlines that fall due belong to envoys that checked in since, and only move: they
     * must not hold back a silent envoy behind them (at 300,000 envoys one bounded batch per sweep
     * fell behind, and silent envoys went offline seconds late).
     */
    @Test
    void aSilentEnvoyBehindManyMovedDeadlinesGoesOfflineInOneSweep() {
        int others = io.vigo.swarm.streams.state.DeadlineIndex.MOST_PER_SWEEP * 3;
        checkInAll(others);
        swarm.checkIn("zz-silent"); // the same deadline, and its key sorts after all of theirs
        for (int round = 0; round < 2; round++) {
            swarm.advance(Duration.ofMillis(INTERVAL));
            checkInAll(others);
        }

        swarm.advance(Duration.ofMillis(INTERVAL / 2 + 250)); // one sweep, past the deadline of the first check-ins

        assertThat(swarm.envoy("zz-silent").getOnline()).as("the silent envoy, after the first sweep past its deadline").isFalse();
        assertThat(swarm.fleetTotals().getOnline()).isEqualTo(others);
        assertThat(swarm.statusChanges()).filteredOn(change -> !change.value.getOnline()).singleElement()
                .satisfies(change -> assertThat(change.key).isEqualTo("zz-silent"));
    }

    /** host-0000 .. host-(n-1) check in. */
    private void checkInAll(int n) {
        for (int i = 0; i < n; i++) {
            swarm.checkIn(String.format(java.util.Locale.ROOT, "host-%04d", i));
        }
    }

    @Test
    void peerOrderFollowsFootprintStatusAndMembership() {
        swarm.checkIn("annlap");
        swarm.checkIn("plex");
        swarm.checkIn("danlap");
        swarm.cached("danlap", sha(1), 5_000);
        assertThat(peerOrder(PeerSort.FOOTPRINT)).containsExactly("danlap", "annlap", "plex");

        swarm.advance(Duration.ofMillis(INTERVAL * 2));
        swarm.checkIn("plex");
        swarm.checkIn("danlap");
        swarm.advance(Duration.ofMillis(INTERVAL));
        assertThat(swarm.envoy("annlap").getOnline()).isFalse();
        assertThat(peerOrder(PeerSort.FOOTPRINT)).as("offline after online at equal footprint").containsExactly("danlap", "plex", "annlap");
        assertThat(peerOrder(PeerSort.BLOBS)).containsExactly("danlap", "plex", "annlap");

        swarm.cached("plex", sha(2), 9_000);
        swarm.evicted("danlap", sha(1));
        assertThat(peerOrder(PeerSort.FOOTPRINT)).containsExactly("plex", "danlap", "annlap");

        swarm.decommission("plex");
        swarm.checkIn("danlap", INTERVAL, false);
        assertThat(peerOrder(PeerSort.HOSTNAME)).as("only the population").containsExactly("annlap");
        swarm.checkIn("plex");
        assertThat(peerOrder(PeerSort.HOSTNAME)).containsExactly("annlap", "plex");
        assertThat(peerOrder(PeerSort.FOOTPRINT)).containsExactly("plex", "annlap");
    }

    private List<String> peerOrder(PeerSort sort) {
        return PeerOrder.first(swarm.store(StoreNames.PEER_ORDER), sort, 0);
    }

    @Test
    void aCheckInKeepsTheEnvoyOnlineAndMovesItsDeadline() {
        swarm.checkIn("danlap");
        swarm.advance(Duration.ofMillis(INTERVAL));
        swarm.checkIn("danlap");
        swarm.advance(Duration.ofMillis(INTERVAL * 2));
        assertThat(swarm.envoy("danlap").getOnline()).isTrue();
        assertThat(swarm.statusChanges()).hasSize(1);

        // Past the first deadline the index follows the moved one; it turns offline exactly at the second.
        swarm.advance(Duration.ofMillis(INTERVAL / 2 - 500));
        assertThat(swarm.envoy("danlap").getOnline()).as("just before the moved deadline").isTrue();
        swarm.advance(Duration.ofMillis(750));
        assertThat(swarm.envoy("danlap").getOnline()).as("just after the moved deadline").isFalse();
        assertThat(swarm.metric("offline-detection-latency-max")).as("ns past the deadline").isBetween(0.0, 250e6);
    }

    @Test
    void aShorterIntervalBringsTheDeadlineForward() {
        swarm.checkIn("danlap");
        swarm.advance(Duration.ofSeconds(1));
        swarm.checkIn("danlap", 2_000, true);
        swarm.advance(Duration.ofMillis(5_000 - 500));
        assertThat(swarm.envoy("danlap").getOnline()).isTrue();
        swarm.advance(Duration.ofMillis(750));
        assertThat(swarm.envoy("danlap").getOnline()).as("2.5 x 2 s after the last check-in").isFalse();
    }

    @Test
    void doesNotFlapOfflineWhileCatchingUpAfterAnOutage() {
        for (int i = 0; i < 50; i++) {
            swarm.checkIn("host" + i);
        }
        // The tracker was down for an hour; the envoys kept checking in. On restart it reads the backlog.
        swarm.caughtUp.set(false);
        swarm.advance(Duration.ofHours(1));
        assertThat(swarm.fleetTotals().getOnline()).as("wall clock alone must not judge during catch-up").isEqualTo(50);

        swarm.advanceEventTime(Duration.ZERO);
        for (int i = 0; i < 50; i++) {
            swarm.checkIn("host" + i);
        }
        swarm.caughtUp.set(true);
        swarm.advance(Duration.ofMillis(250));
        assertThat(swarm.fleetTotals().getOnline()).isEqualTo(50);
        assertThat(swarm.statusChanges()).as("one transition each, no flap").hasSize(50);
    }

    @Test
    void staleAndDuplicateEventsAreIgnored() {
        swarm.checkIn("danlap");
        swarm.cached("danlap", sha(1), 5_000_000);
        // The same check-in again, and an older one from an earlier epoch.
        swarm.pipeCheckIn(new EnvoyCheckIn("danlap", "9.9.9", INTERVAL, false, swarm.now(), 1L, 1L));
        swarm.pipeCheckIn(new EnvoyCheckIn("danlap", "9.9.9", INTERVAL, false, swarm.now(), 0L, 99L));
        swarm.report("danlap", new io.vigo.swarm.events.PeerRecordUpdated("danlap", 1L, 1L, sha(1), PeerState.CACHED, 1L));

        assertThat(swarm.envoy("danlap").getAgentVersion()).isEqualTo("0.34.1");
        assertThat(swarm.envoy("danlap").getSwarmEnabled()).isTrue();
        assertThat(swarm.envoy("danlap").getFootprintBytes()).isEqualTo(5_000_000);
        assertThat(swarm.metric("stale-events-total")).isEqualTo(3.0);
    }

    @Test
    void peerRecordsCountCachedDownloadingAndFootprint() {
        swarm.checkIn("danlap");
        swarm.cached("danlap", sha(1), 300_000_000);
        swarm.cached("danlap", sha(2), 12_000_000);
        swarm.downloading("danlap", sha(3), 1_000);
        swarm.downloading("danlap", sha(3), 2_000);
        assertThat(swarm.envoy("danlap").getCached()).isEqualTo(2);
        assertThat(swarm.envoy("danlap").getDownloading()).isEqualTo(1);
        assertThat(swarm.fleetTotals().getFootprintBytes()).isEqualTo(312_000_000);
        assertThat(swarm.fleetTotals().getSubstrateActive()).isEqualTo(1);

        swarm.cached("danlap", sha(3), 7_000_000);
        swarm.evicted("danlap", sha(1));
        assertThat(swarm.envoy("danlap").getCached()).isEqualTo(2);
        assertThat(swarm.envoy("danlap").getDownloading()).isZero();
        assertThat(swarm.fleetTotals().getFootprintBytes()).isEqualTo(19_000_000);
    }

    @Test
    void aResyncReplacesTheEnvoysCache() {
        swarm.checkIn("plex");
        swarm.cached("plex", sha(1), 10);
        swarm.cached("plex", sha(2), 20);
        swarm.resync("plex", List.of(new PeerEntry(sha(2), PeerState.CACHED, 25L), new PeerEntry(sha(3), PeerState.DOWNLOADING, 5L)), List.of());
        assertThat(swarm.envoy("plex").getCached()).isEqualTo(1);
        assertThat(swarm.envoy("plex").getDownloading()).isEqualTo(1);
        assertThat(swarm.envoy("plex").getFootprintBytes()).isEqualTo(25);
        assertThat(swarm.recount()).isEqualTo(swarm.fleetTotals());
    }

    @Test
    void aResyncPageReplacesOnlyItsShaRangeAndThePagesTogetherAreAWholeResync() {
        swarm.allowlist("vigoserver", "*.ci.example.com");
        swarm.checkIn("vigoserver");
        swarm.cached("vigoserver", sha(1), 10);
        swarm.cached("vigoserver", sha(5), 50);
        swarm.cached("vigoserver", sha(9), 90);
        swarm.seeds("vigoserver", sha(6), "six", Subsystem.PAYLOAD);

        // The first page, ["", sha(5)): sha(1) is gone, sha(2) arrives; nothing at or past sha(5) is touched.
        swarm.resyncPage("vigoserver", "", sha(5), List.of(new PeerEntry(sha(2), PeerState.CACHED, 20L)), List.of());
        assertThat(swarm.envoy("vigoserver").getCached()).isEqualTo(3);
        assertThat(swarm.envoy("vigoserver").getFootprintBytes()).isEqualTo(20 + 50 + 90);
        assertThat(swarm.envoy("vigoserver").getSeeding()).isEqualTo(1);

        // The last page, [sha(5), end): sha(5) changes, sha(9) is gone, the seed sha(6) withdrawn, sha(7) seeded.
        swarm.resyncPage("vigoserver", sha(5), null, List.of(new PeerEntry(sha(5), PeerState.DOWNLOADING, 5L)),
                List.of(SwarmDriver.seed(sha(7), "seven", Subsystem.PAYLOAD)));
        assertThat(swarm.envoy("vigoserver").getCached()).isEqualTo(1);
        assertThat(swarm.envoy("vigoserver").getDownloading()).isEqualTo(1);
        assertThat(swarm.envoy("vigoserver").getFootprintBytes()).isEqualTo(20);
        assertThat(swarm.<String, HostSeed>store(StoreNames.ENVOY_SEEDS).get(Keys.pair("vigoserver", sha(6)))).isNull();
        assertThat(swarm.<String, HostSeed>store(StoreNames.ENVOY_SEEDS).get(Keys.pair("vigoserver", sha(7)))).isNotNull();
        assertThat(swarm.recount()).isEqualTo(swarm.fleetTotals());
        assertThat(swarm.deadLetters()).isEmpty();
    }

    @Test
    void aPageWithAShaOutsideItsRangeIsADeadLetterAndChangesNothing() {
        swarm.checkIn("plex");
        swarm.cached("plex", sha(1), 10);
        swarm.resyncPage("plex", sha(5), null, List.of(new PeerEntry(sha(2), PeerState.CACHED, 20L)), List.of());
        swarm.resyncPage("plex", sha(5), sha(3), List.of(), List.of());
        assertThat(swarm.deadLetters()).hasSize(2);
        assertThat(swarm.envoy("plex").getCached()).isEqualTo(1);
        assertThat(swarm.envoy("plex").getFootprintBytes()).isEqualTo(10);
    }

    @Test
    void anAllowedSeedPublishesAnEntryAndCountsAsSeeding() {
        swarm.allowlist("vigoserver", "*.ci.example.com");
        swarm.checkIn("vigoserver");
        swarm.seeds("vigoserver", sha(1), "release.tar", Subsystem.PAYLOAD);
        swarm.seeds("vigoserver", sha(2), "mirror", Subsystem.GITBACK);

        assertThat(swarm.envoy("vigoserver").getSeeding()).isEqualTo(2);
        assertThat(swarm.fleetTotals().getSeedingEnvoys()).isEqualTo(1);
        assertThat(swarm.manifestTotals().getActive()).isEqualTo(2);
        assertThat(swarm.manifestTotals().getActivePayload()).isEqualTo(1);
        assertThat(swarm.manifestTotals().getActiveGitback()).isEqualTo(1);
    }

    @Test
    void aSeedFromAHostOutsideTheAllowlistIsRefusedAndKept() {
        swarm.allowlist("vigoserver", "*.ci.example.com");
        swarm.checkIn("danlap");
        swarm.seeds("danlap", sha(1), "home-video", Subsystem.PAYLOAD);

        HostSeed seed = swarm.<String, HostSeed>store(StoreNames.ENVOY_SEEDS).get(Keys.pair("danlap", sha(1)));
        assertThat(seed.getAllowed()).isFalse();
        assertThat(swarm.envoy("danlap").getSeeding()).isZero();
        assertThat(swarm.manifestTotals().getActive()).isZero();
    }

    @Test
    void anAllowlistChangeJudgesEverySeedAgain() {
        swarm.allowlist("vigoserver");
        swarm.checkIn("build1.ci.example.com");
        swarm.seeds("build1.ci.example.com", sha(7), "artifact", Subsystem.PAYLOAD);
        assertThat(swarm.envoy("build1.ci.example.com").getSeeding()).isZero();

        swarm.allowlist("vigoserver", "*.ci.example.com");
        assertThat(swarm.envoy("build1.ci.example.com").getSeeding()).isEqualTo(1);
        assertThat(swarm.manifestTotals().getActive()).isEqualTo(1);

        swarm.allowlist("vigoserver");
        assertThat(swarm.envoy("build1.ci.example.com").getSeeding()).isZero();
        assertThat(swarm.recount()).isEqualTo(swarm.fleetTotals());
    }

    @Test
    void revokeStopsSeedingAndPurgeForgetsTheEntry() {
        swarm.allowlist("vigoserver");
        swarm.checkIn("vigoserver");
        swarm.seeds("vigoserver", sha(1), "release.tar", Subsystem.PAYLOAD);
        swarm.revoke(sha(1));

        assertThat(swarm.manifestTotals().getActive()).isZero();
        assertThat(swarm.manifestTotals().getRevoked()).isEqualTo(1);
        assertThat(swarm.envoy("vigoserver").getSeeding()).isZero();
        HostSeed seed = swarm.<String, HostSeed>store(StoreNames.ENVOY_SEEDS).get(Keys.pair("vigoserver", sha(1)));
        assertThat(seed.getEntryState()).isEqualTo(EntryState.REVOKED);

        swarm.purge(sha(1));
        assertThat(swarm.manifestTotals().getRevoked()).isZero();
        assertThat(swarm.store(StoreNames.MANIFEST).get(sha(1))).isNull();
    }

    @Test
    void aRevokeReadBeforeItsEntryAppliesWhenTheEntryAppears() {
        // A rebuild reads the admin topic ahead of the seeds, which reach the manifest side one hop later.
        swarm.allowlist("vigoserver");
        swarm.checkIn("vigoserver");
        Instant later = swarm.now().plusSeconds(60);
        swarm.revokeAt(sha(1), later);
        swarm.revokeAt(sha(2), later);
        swarm.purgeAt(sha(2), later.plusSeconds(1));
        swarm.seeds("vigoserver", sha(1), "release.tar", Subsystem.PAYLOAD);
        swarm.seeds("vigoserver", sha(2), "old.tar", Subsystem.PAYLOAD);

        assertThat(swarm.manifestTotals().getActive()).isZero();
        assertThat(swarm.manifestTotals().getRevoked()).isEqualTo(1);
        var entry = swarm.<String, io.vigo.swarm.streams.state.ManifestEntryState>store(StoreNames.MANIFEST).get(sha(1));
        assertThat(entry.getActive()).isFalse();
        assertThat(entry.getRevokeReason()).isEqualTo("operator");
        assertThat(entry.getSeeders()).isEqualTo(1);
        assertThat(swarm.store(StoreNames.MANIFEST).get(sha(2))).isNull();
        var seeds = swarm.<String, HostSeed>store(StoreNames.ENVOY_SEEDS);
        assertThat(seeds.get(Keys.pair("vigoserver", sha(1))).getEntryState()).isEqualTo(EntryState.REVOKED);
        assertThat(seeds.get(Keys.pair("vigoserver", sha(2))).getEntryState()).isEqualTo(EntryState.GONE);
        assertThat(swarm.envoy("vigoserver").getSeeding()).isZero();
    }

    @Test
    void aSeedAnnouncedAfterAnEarlyPurgePublishesTheEntryAfresh() {
        swarm.allowlist("vigoserver");
        swarm.checkIn("vigoserver");
        swarm.revokeAt(sha(3), swarm.now());
        swarm.purgeAt(sha(3), swarm.now());
        swarm.advanceEventTime(Duration.ofMinutes(1));
        swarm.seeds("vigoserver", sha(3), "fresh.tar", Subsystem.PAYLOAD);
        assertThat(swarm.manifestTotals().getActive()).isEqualTo(1);
        assertThat(swarm.envoy("vigoserver").getSeeding()).isEqualTo(1);
    }

    @Test
    void anEntryWhoseRetentionRunsOutIsRevokedAsExpired() {
        swarm.allowlist("vigoserver");
        swarm.checkIn("vigoserver");
        swarm.report("vigoserver", new io.vigo.swarm.events.SeedAnnounced("vigoserver", 1L, 1L,
                new io.vigo.swarm.events.SeedManifest(sha(5), "nightly.tar", Subsystem.PAYLOAD, 10L, "*", 60L)));
        swarm.advance(Duration.ofSeconds(59));
        assertThat(swarm.manifestTotals().getActive()).isEqualTo(1);

        swarm.advance(Duration.ofSeconds(2));
        assertThat(swarm.manifestTotals().getActive()).isZero();
        assertThat(swarm.manifestTotals().getRevoked()).isEqualTo(1);
        assertThat(swarm.<String, io.vigo.swarm.streams.state.ManifestEntryState>store(StoreNames.MANIFEST).get(sha(5)).getRevokeReason())
                .isEqualTo("expired");
        assertThat(swarm.envoy("vigoserver").getSeeding()).isZero();
    }

    @Test
    void purgingAnActiveEntryDoesNothing() {
        swarm.allowlist("vigoserver");
        swarm.checkIn("vigoserver");
        swarm.seeds("vigoserver", sha(1), "release.tar", Subsystem.PAYLOAD);
        swarm.purge(sha(1));
        assertThat(swarm.manifestTotals().getActive()).isEqualTo(1);
    }

    @Test
    void decommissionRemovesTheEnvoyUntilItChecksInAgain() {
        swarm.checkIn("annlap");
        swarm.cached("annlap", sha(1), 100);
        swarm.decommission("annlap");
        assertThat(swarm.fleetTotals().getKnown()).isZero();
        assertThat(swarm.fleetTotals().getFootprintBytes()).isZero();

        swarm.checkIn("annlap");
        assertThat(swarm.fleetTotals().getKnown()).isEqualTo(1);
        assertThat(swarm.fleetTotals().getFootprintBytes()).isEqualTo(100);
    }

    @Test
    void aSwarmDisabledEnvoyIsKnownButNotInThePopulation() {
        swarm.checkIn("printer", INTERVAL, false);
        assertThat(swarm.fleetTotals().getKnown()).isEqualTo(1);
        assertThat(swarm.fleetTotals().getPopulation()).isZero();
    }

    @Test
    void invalidAndUndecodableEventsGoToTheDeadLetterTopicAndProcessingContinues() {
        swarm.pipeCheckIn(new EnvoyCheckIn("Bad_Host", "1", INTERVAL, true, swarm.now(), 1L, 1L));
        swarm.pipeCheckIn(new EnvoyCheckIn("slow", "1", 10L, true, swarm.now(), 1L, 1L));
        swarm.pipeRaw(SwarmDriver.TOPICS.envoyReports(), "danlap", "garbage".getBytes(StandardCharsets.UTF_8));
        swarm.checkIn("danlap");

        var dead = swarm.deadLetters();
        assertThat(dead).hasSize(3);
        assertThat(new String(dead.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
        assertThat(new String(dead.get(2).headers().lastHeader(DeadLetters.HEADER_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(SwarmDriver.TOPICS.envoyReports());
        assertThat(new String(dead.get(2).headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                .startsWith("not a test-framed event");
        assertThat(new String(dead.get(1).headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                .contains("intervalMs 10");
        assertThat(swarm.envoy("danlap").getOnline()).isTrue();
        assertThat(swarm.envoy("slow")).isNull();
    }

    @Test
    void rollupEqualsRecountAfterAMixedStory() {
        swarm.allowlist("vigoserver", "*.ci.example.com");
        swarm.checkIn("vigoserver");
        swarm.checkIn("danlap");
        swarm.checkIn("printer", INTERVAL, false);
        swarm.cached("danlap", sha(1), 42);
        swarm.seeds("vigoserver", sha(2), "x", Subsystem.PAYLOAD);
        swarm.advance(Duration.ofMinutes(1));
        swarm.checkIn("danlap");
        swarm.decommission("printer");
        assertThat(swarm.recount()).isEqualTo(swarm.fleetTotals());
    }
}
