package io.vigo.swarm.streams.topology;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.streams.state.StoreNames;
import static io.vigo.swarm.streams.topology.SwarmDriver.sha;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.EntryState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Random interleavings of check-ins, wall-clock ticks, decommissions, cache changes, seeds,
 * allowlist changes, revokes and purges: after every step the incrementally kept rollups equal a
 * recount from the stores, every envoy's counts equal a recount of its own records, the peer
 * order index lists exactly the population in each peers order, and the history as of every
 * moment of the story says what the live views said then: the totals, every envoy's row and its
 * peer records.
 */
class RollupPropertyTest {

    private static final List<String> HOSTS = List.of("vigoserver", "danlap", "build1.ci.example.com", "plex", "annlap");

    sealed interface Step permits CheckIn, Tick, Decommission, Cached, Downloading, Evicted, Seeds, Withdraws, Allowlist, Revoke, Purge {
    }

    record CheckIn(String host, boolean enabled) implements Step {
    }

    record Tick(int seconds) implements Step {
    }

    record Decommission(String host) implements Step {
    }

    record Cached(String host, int blob, int size) implements Step {
    }

    record Downloading(String host, int blob) implements Step {
    }

    record Evicted(String host, int blob) implements Step {
    }

    record Seeds(String host, int blob, boolean gitback) implements Step {
    }

    record Withdraws(String host, int blob) implements Step {
    }

    record Allowlist(boolean admitsCi) implements Step {
    }

    record Revoke(int blob) implements Step {
    }

    record Purge(int blob) implements Step {
    }

    @Property(tries = 40)
    void rollupsEqualARecountAfterEveryStep(@ForAll("stories") List<Step> story) {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.allowlist("vigoserver", "*.ci.example.com");
            // What the live totals were at each moment (after its last step): history must say the same as of it.
            Map<java.time.Instant, List<Object>> seen = new java.util.LinkedHashMap<>();
            Map<java.time.Instant, Map<String, List<Object>>> envoysSeen = new java.util.LinkedHashMap<>();
            for (Step step : story) {
                apply(swarm, step);
                seen.put(swarm.now(), List.of(swarm.fleetTotals(), swarm.manifestTotals()));
                envoysSeen.put(swarm.now(), liveEnvoys(swarm));
                assertThat(swarm.fleetTotals()).as("fleet totals after %s", step).isEqualTo(swarm.recount());
                assertThat(swarm.manifestTotals()).as("manifest totals after %s", step).isEqualTo(recountManifest(swarm));
                assertEnvoyCountsMatchTheirRecords(swarm, step);
                assertPeerOrderIsThePopulationSorted(swarm, step);
            }
            seen.forEach((at, totals) -> assertThat(List.of(HistoryTopologyTest.fleetAt(swarm, at), HistoryTopologyTest.manifestAt(swarm, at)))
                    .as("history as of %s", at).isEqualTo(totals));
            envoysSeen.forEach((at, envoys) -> assertThat(envoysAsOf(swarm, at)).as("envoys as of %s", at).isEqualTo(envoys));
        }
    }

    /** What a peers row and an envoy's detail show of each envoy that has checked in, from the live stores. */
    private static Map<String, List<Object>> liveEnvoys(SwarmDriver swarm) {
        KeyValueStore<String, EnvoyState> fleet = swarm.store(StoreNames.FLEET_INDEX);
        KeyValueStore<String, io.vigo.swarm.streams.state.PeerHolding> peers = swarm.store(StoreNames.PEER_RECORDS);
        Map<String, List<Object>> envoys = new java.util.TreeMap<>();
        for (String host : HOSTS) {
            EnvoyState envoy = fleet.get(host);
            if (envoy != null) {
                Map<String, Object> records = new java.util.TreeMap<>();
                try (var it = peers.prefixScan(host + "|", new org.apache.kafka.common.serialization.StringSerializer())) {
                    it.forEachRemaining(kv -> records.put(kv.key.substring(host.length() + 1), kv.value));
                }
                envoys.put(host, List.of(shown(envoy), records));
            }
        }
        return envoys;
    }

    private static Map<String, List<Object>> envoysAsOf(SwarmDriver swarm, java.time.Instant at) {
        KeyValueStore<org.apache.kafka.common.utils.Bytes, io.vigo.swarm.streams.history.StoredMoment> history = swarm.store(StoreNames.ENVOY_HISTORY);
        Map<String, EnvoyState> onePass = new java.util.TreeMap<>();
        io.vigo.swarm.streams.history.HostHistory.envoysAsOf(history, at.toEpochMilli(), envoy -> onePass.put(envoy.getHostname(), envoy));
        Map<String, List<Object>> envoys = new java.util.TreeMap<>();
        for (String host : HOSTS) {
            EnvoyState envoy = io.vigo.swarm.streams.history.HostHistory.envoyAsOf(history, host, at.toEpochMilli());
            assertThat(onePass.get(host)).as("%s as of %s in one pass and by its own seek", host, at).isEqualTo(envoy);
            if (envoy != null) {
                Map<String, Object> records = new java.util.TreeMap<>(io.vigo.swarm.streams.history.HostHistory.recordsAsOf(history, host, at.toEpochMilli())
                        .get(io.vigo.swarm.streams.state.RecordKind.PEER));
                envoys.put(host, List.of(shown(envoy), records));
            }
        }
        return envoys;
    }

    /** The fields history keeps of an envoy (last seen and the check-in's bookkeeping come from the check-ins topic). */
    private static List<Object> shown(EnvoyState envoy) {
        return List.of(envoy.getKnown(), envoy.getOnline(), envoy.getSwarmEnabled(), envoy.getIntervalMs(), envoy.getAgentVersion(),
                envoy.getTags(), envoy.getCached(), envoy.getDownloading(), envoy.getFootprintBytes(), envoy.getSeeding());
    }

    private static void apply(SwarmDriver swarm, Step step) {
        if (step instanceof CheckIn s) {
            swarm.checkIn(s.host(), SwarmDriver.INTERVAL, s.enabled());
        } else if (step instanceof Tick s) {
            swarm.advance(Duration.ofSeconds(s.seconds()));
        } else if (step instanceof Decommission s) {
            swarm.decommission(s.host());
        } else if (step instanceof Cached s) {
            swarm.cached(s.host(), sha(s.blob()), s.size());
        } else if (step instanceof Downloading s) {
            swarm.downloading(s.host(), sha(s.blob()), 10);
        } else if (step instanceof Evicted s) {
            swarm.evicted(s.host(), sha(s.blob()));
        } else if (step instanceof Seeds s) {
            swarm.seeds(s.host(), sha(100 + s.blob()), "label-" + s.blob(), s.gitback() ? Subsystem.GITBACK : Subsystem.PAYLOAD);
        } else if (step instanceof Withdraws s) {
            swarm.withdraws(s.host(), sha(100 + s.blob()));
        } else if (step instanceof Allowlist s) {
            if (s.admitsCi()) {
                swarm.allowlist("vigoserver", "*.ci.example.com");
            } else {
                swarm.allowlist("vigoserver");
            }
        } else if (step instanceof Revoke s) {
            swarm.revoke(sha(100 + s.blob()));
        } else if (step instanceof Purge s) {
            swarm.purge(sha(100 + s.blob()));
        }
    }

    private static ManifestTotals recountManifest(SwarmDriver swarm) {
        ManifestTotals totals = new ManifestTotals();
        KeyValueStore<String, ManifestEntryState> manifest = swarm.store(StoreNames.MANIFEST);
        try (KeyValueIterator<String, ManifestEntryState> it = manifest.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.value.getActive()) {
                    totals.setRevoked(totals.getRevoked() + 1);
                    return;
                }
                totals.setActive(totals.getActive() + 1);
                if (kv.value.getSubsystem().equals("payload")) {
                    totals.setActivePayload(totals.getActivePayload() + 1);
                } else {
                    totals.setActiveGitback(totals.getActiveGitback() + 1);
                }
            });
        }
        return totals;
    }

    private static void assertEnvoyCountsMatchTheirRecords(SwarmDriver swarm, Step step) {
        Map<String, long[]> counts = new HashMap<>();
        KeyValueStore<String, PeerHolding> peers = swarm.store(StoreNames.PEER_RECORDS);
        try (KeyValueIterator<String, PeerHolding> it = peers.all()) {
            it.forEachRemaining(kv -> {
                long[] c = counts.computeIfAbsent(Keys.first(kv.key), h -> new long[4]);
                if (kv.value.getCached()) {
                    c[0]++;
                    c[2] += kv.value.getBytes();
                } else {
                    c[1]++;
                }
            });
        }
        KeyValueStore<String, HostSeed> seeds = swarm.store(StoreNames.ENVOY_SEEDS);
        try (KeyValueIterator<String, HostSeed> it = seeds.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getAllowed() && kv.value.getEntryState() == EntryState.ACTIVE) {
                    counts.computeIfAbsent(Keys.first(kv.key), h -> new long[4])[3]++;
                }
            });
        }
        KeyValueStore<String, EnvoyState> fleet = swarm.store(StoreNames.FLEET_INDEX);
        try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
            it.forEachRemaining((KeyValue<String, EnvoyState> kv) -> {
                long[] c = counts.getOrDefault(kv.key, new long[4]);
                EnvoyState e = kv.value;
                assertThat(new long[] {e.getCached(), e.getDownloading(), e.getFootprintBytes(), e.getSeeding()})
                        .as("counts of %s after %s", kv.key, step).containsExactly(c);
            });
        }
    }

    /** The peer order index holds exactly the population, in each order the peers page is read in. */
    private static void assertPeerOrderIsThePopulationSorted(SwarmDriver swarm, Step step) {
        List<EnvoyState> population = new java.util.ArrayList<>();
        KeyValueStore<String, EnvoyState> fleet = swarm.store(StoreNames.FLEET_INDEX);
        try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
            it.forEachRemaining(kv -> {
                if (SwarmDriver.inPopulation(kv.value)) {
                    population.add(kv.value);
                }
            });
        }
        java.util.Comparator<EnvoyState> ties = java.util.Comparator.comparing((EnvoyState e) -> !e.getOnline())
                .thenComparing(EnvoyState::getHostname);
        Map<PeerSort, java.util.Comparator<EnvoyState>> orders = Map.of(
                PeerSort.FOOTPRINT, java.util.Comparator.comparingLong(EnvoyState::getFootprintBytes).reversed().thenComparing(ties),
                PeerSort.BLOBS, java.util.Comparator.comparingInt(EnvoyState::getCached).reversed().thenComparing(ties),
                PeerSort.HOSTNAME, java.util.Comparator.comparing(EnvoyState::getHostname));
        KeyValueStore<Bytes, String> index = swarm.store(StoreNames.PEER_ORDER);
        long entries = 0;
        try (KeyValueIterator<Bytes, String> it = index.all()) {
            for (; it.hasNext(); it.next()) {
                entries++;
            }
        }
        assertThat(entries).as("index entries after %s", step).isEqualTo(3L * population.size());
        orders.forEach((sort, order) -> assertThat(PeerOrder.first(index, sort, 0)).as("%s order after %s", sort, step)
                .containsExactlyElementsOf(population.stream().sorted(order).map(EnvoyState::getHostname).toList()));
    }

    @Provide
    Arbitrary<List<Step>> stories() {
        Arbitrary<String> host = Arbitraries.of(HOSTS);
        Arbitrary<Integer> blob = Arbitraries.integers().between(1, 6);
        Arbitrary<Step> step = Arbitraries.oneOf(
                Combinators.combine(host, Arbitraries.of(true, true, true, false)).as(CheckIn::new),
                Arbitraries.of(1, 10, 30, 45, 120).map(Tick::new),
                host.map(Decommission::new),
                Combinators.combine(host, blob, Arbitraries.integers().between(0, 1_000_000)).as(Cached::new),
                Combinators.combine(host, blob).as(Downloading::new),
                Combinators.combine(host, blob).as(Evicted::new),
                Combinators.combine(host, blob, Arbitraries.of(true, false)).as(Seeds::new),
                Combinators.combine(host, blob).as(Withdraws::new),
                Arbitraries.of(true, false).map(Allowlist::new),
                blob.map(Revoke::new),
                blob.map(Purge::new));
        return step.list().ofMinSize(5).ofMaxSize(40);
    }
}
