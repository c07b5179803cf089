package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EnvoyColor;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.topology.StoreNames;
import io.vigo.swarm.topics.TopicNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the operator's questions from this instance's state stores through interactive
 * queries. The status answer reads one totals record per partition, whatever the fleet size.
 */
public final class SwarmQueries {

    public enum PeerSort { FOOTPRINT, BLOBS, HOSTNAME }

    private final LocalStores stores;
    private final LongSupplier inputLag;
    private final LongSupplier deadLetters;
    private final Clock clock;

    public SwarmQueries(LocalStores stores, LongSupplier inputLag, LongSupplier deadLetters, Clock clock) {
        this.stores = stores;
        this.inputLag = inputLag;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public SwarmStatus status() {
        Map<Integer, FleetTotals> fleet = this.<Integer, FleetTotals, FleetTotals>perPartition(StoreNames.FLEET_TOTALS,
                (partition, store) -> orEmpty(store.get(partition)));
        Map<Integer, ManifestTotals> manifest = this.<Integer, ManifestTotals, ManifestTotals>perPartition(StoreNames.MANIFEST_TOTALS,
                (partition, store) -> orEmpty(store.get(partition)));
        requireAnyPartition(fleet);
        boolean complete = fleet.size() == stores.partitions() && manifest.size() == stores.partitions();
        long online = 0, population = 0, active = 0, seeding = 0, footprint = 0;
        for (FleetTotals t : fleet.values()) {
            online += t.getOnline();
            population += t.getPopulation();
            active += t.getSubstrateActive();
            seeding += t.getSeedingEnvoys();
            footprint += t.getFootprintBytes();
        }
        long activeEntries = 0, revoked = 0, payload = 0, gitback = 0;
        for (ManifestTotals t : manifest.values()) {
            activeEntries += t.getActive();
            revoked += t.getRevoked();
            payload += t.getActivePayload();
            gitback += t.getActiveGitback();
        }
        AllowlistState allowlist = allowlist();
        return new SwarmStatus(now(), complete, inputLag.getAsLong(), online, population, active, seeding, footprint,
                activeEntries, revoked, payload, gitback,
                new SwarmStatus.SeedingAllowlist(allowlist.getServerHostname(), List.copyOf(allowlist.getPatterns())),
                deadLetters.getAsLong());
    }

    public PeersPage peers(PeerSort sort, int limit) {
        Map<Integer, List<PeerRow>> rows = this.<String, EnvoyState, List<PeerRow>>perPartition(StoreNames.FLEET_INDEX, (partition, store) -> {
            List<PeerRow> partitionRows = new ArrayList<>();
            try (KeyValueIterator<String, EnvoyState> it = store.all()) {
                it.forEachRemaining(kv -> {
                    if (FleetContribution.inPopulation(kv.value)) {
                        partitionRows.add(row(kv.value));
                    }
                });
            }
            return partitionRows;
        });
        requireAnyPartition(rows);
        List<PeerRow> all = rows.values().stream().flatMap(List::stream).sorted(order(sort)).toList();
        List<PeerRow> page = limit == 0 ? all : all.subList(0, Math.min(limit, all.size()));
        return new PeersPage(now(), rows.size() == stores.partitions(), inputLag.getAsLong(),
                sort.name().toLowerCase(java.util.Locale.ROOT), limit, all.size(), page);
    }

    public RefusedSeeds refused() {
        Map<Integer, List<RefusedSeeds.RefusedSeed>> seeds = this.<String, HostSeed, List<RefusedSeeds.RefusedSeed>>perPartition(
                StoreNames.ENVOY_SEEDS, (partition, store) -> {
                    List<RefusedSeeds.RefusedSeed> refused = new ArrayList<>();
                    try (KeyValueIterator<String, HostSeed> it = store.all()) {
                        it.forEachRemaining(kv -> {
                            if (!kv.value.getAllowed()) {
                                refused.add(new RefusedSeeds.RefusedSeed(Keys.first(kv.key), Keys.second(kv.key),
                                        kv.value.getLabel(), kv.value.getSubsystem(), kv.value.getSizeBytes()));
                            }
                        });
                    }
                    return refused;
                });
        requireAnyPartition(seeds);
        List<RefusedSeeds.RefusedSeed> all = seeds.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(RefusedSeeds.RefusedSeed::hostname).thenComparing(RefusedSeeds.RefusedSeed::sha))
                .toList();
        return new RefusedSeeds(now(), seeds.size() == stores.partitions(), inputLag.getAsLong(), all);
    }

    public EnvoyDetail envoy(String hostname) {
        int partition = stores.partitionOf(StoreNames.FLEET_INDEX, hostname);
        if (partition < 0) {
            throw new ViewsUnavailableException("no instance owns the partition of " + hostname + " yet");
        }
        ReadOnlyKeyValueStore<String, EnvoyState> store = stores.partition(StoreNames.FLEET_INDEX, partition);
        if (store == null) {
            throw new ViewsUnavailableException("partition " + partition + " of " + StoreNames.FLEET_INDEX + " is not readable here");
        }
        EnvoyState envoy;
        try {
            envoy = store.get(hostname);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("partition " + partition + " of " + StoreNames.FLEET_INDEX + " is restoring or moving");
        }
        if (envoy == null || envoy.getLastSeenMs() == 0) {
            throw new NotFoundException("no envoy named " + hostname + " has checked in");
        }
        EnvoyColor color = EnvoyColor.resolve(hostname, envoy.getTags().get(EnvoyColor.TAG));
        List<EnvoyDetail.Seed> seeds = new ArrayList<>();
        List<EnvoyDetail.SeedProblem> problems = new ArrayList<>();
        List<io.vigo.swarm.api.PendingTasks.Task> pending = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, HostSeed> seedStore = stores.partition(StoreNames.ENVOY_SEEDS, partition);
            ReadOnlyKeyValueStore<String, io.vigo.swarm.streams.state.SeedProblem> problemStore = stores.partition(StoreNames.SEED_PROBLEMS, partition);
            ReadOnlyKeyValueStore<String, io.vigo.swarm.streams.state.EnvoyTask> taskStore = stores.partition(StoreNames.ENVOY_TASKS, partition);
            if (seedStore == null || problemStore == null || taskStore == null) {
                throw new ViewsUnavailableException("partition " + partition + " is not readable here");
            }
            org.apache.kafka.common.serialization.StringSerializer keys = new org.apache.kafka.common.serialization.StringSerializer();
            try (KeyValueIterator<String, HostSeed> it = seedStore.prefixScan(Keys.prefix(hostname), keys)) {
                it.forEachRemaining(kv -> seeds.add(new EnvoyDetail.Seed(Keys.second(kv.key), kv.value.getLabel(), kv.value.getSubsystem(),
                        kv.value.getSizeBytes(), kv.value.getAllowed(), kv.value.getEntryState().name().toLowerCase(java.util.Locale.ROOT))));
            }
            try (KeyValueIterator<String, io.vigo.swarm.streams.state.SeedProblem> it = problemStore.prefixScan(Keys.prefix(hostname), keys)) {
                it.forEachRemaining(kv -> problems.add(new EnvoyDetail.SeedProblem(Keys.second(kv.key), kv.value.getReason())));
            }
            try (KeyValueIterator<String, io.vigo.swarm.streams.state.EnvoyTask> it = taskStore.prefixScan(Keys.prefix(hostname), keys)) {
                it.forEachRemaining(kv -> {
                    if (kv.value.getState() == io.vigo.swarm.streams.state.TaskRunState.PENDING) {
                        pending.add(new io.vigo.swarm.api.PendingTasks.Task(Keys.second(kv.key), kv.value.getVerb(),
                                Instant.ofEpochMilli(kv.value.getDispatchedAtMs()), Instant.ofEpochMilli(kv.value.getExpiresAtMs())));
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("partition " + partition + " is restoring or moving");
        }
        return new EnvoyDetail(now(), true, inputLag.getAsLong(), hostname, status(envoy), lastSeen(envoy),
                envoy.getIntervalMs(), envoy.getAgentVersion(), envoy.getSwarmEnabled(), envoy.getClockSkewMs(),
                !envoy.getKnown(), substrate(envoy), envoy.getSeeding(), envoy.getCached(), envoy.getDownloading(),
                envoy.getFootprintBytes(), Map.copyOf(envoy.getTags()), color.hex(), color.pinned(), seeds, problems, pending);
    }

    /** One result per partition this instance could read, by partition. */
    private <K, V, R> Map<Integer, R> perPartition(String storeName, java.util.function.BiFunction<Integer, ReadOnlyKeyValueStore<K, V>, R> read) {
        Map<Integer, R> results = new java.util.TreeMap<>();
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<K, V> store = stores.partition(storeName, partition);
            if (store == null) {
                continue;
            }
            try {
                results.put(partition, read.apply(partition, store));
            } catch (InvalidStateStoreException e) {
                // The partition moved or is restoring since the store was looked up: not covered.
            }
        }
        return results;
    }

    public io.vigo.swarm.api.EnvoyList envoys() {
        Map<Integer, List<io.vigo.swarm.api.EnvoyList.EnvoyRow>> rows = this.<String, EnvoyState, List<io.vigo.swarm.api.EnvoyList.EnvoyRow>>perPartition(
                StoreNames.FLEET_INDEX, (partition, store) -> {
                    List<io.vigo.swarm.api.EnvoyList.EnvoyRow> partitionRows = new ArrayList<>();
                    try (KeyValueIterator<String, EnvoyState> it = store.all()) {
                        it.forEachRemaining(kv -> {
                            EnvoyState e = kv.value;
                            if (e.getLastSeenMs() > 0) {
                                EnvoyColor color = EnvoyColor.resolve(e.getHostname(), e.getTags().get(EnvoyColor.TAG));
                                partitionRows.add(new io.vigo.swarm.api.EnvoyList.EnvoyRow(e.getHostname(), status(e), !e.getKnown(),
                                        e.getSwarmEnabled(), e.getAgentVersion(), lastSeen(e), new java.util.TreeMap<>(e.getTags()),
                                        color.hex(), color.pinned()));
                            }
                        });
                    }
                    return partitionRows;
                });
        requireAnyPartition(rows);
        List<io.vigo.swarm.api.EnvoyList.EnvoyRow> all = rows.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(io.vigo.swarm.api.EnvoyList.EnvoyRow::hostname)).toList();
        return new io.vigo.swarm.api.EnvoyList(now(), rows.size() == stores.partitions(), inputLag.getAsLong(), all);
    }

    public io.vigo.swarm.api.ManifestEntries filecasts() {
        Map<Integer, List<io.vigo.swarm.api.ManifestEntries.Entry>> entries = this.<String, ManifestEntryState, List<io.vigo.swarm.api.ManifestEntries.Entry>>perPartition(
                StoreNames.MANIFEST, (partition, store) -> {
                    List<io.vigo.swarm.api.ManifestEntries.Entry> partitionEntries = new ArrayList<>();
                    try (KeyValueIterator<String, ManifestEntryState> it = store.all()) {
                        it.forEachRemaining(kv -> partitionEntries.add(entry(kv.value)));
                    }
                    return partitionEntries;
                });
        requireAnyPartition(entries);
        List<io.vigo.swarm.api.ManifestEntries.Entry> all = entries.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(io.vigo.swarm.api.ManifestEntries.Entry::label)
                        .thenComparing(io.vigo.swarm.api.ManifestEntries.Entry::sha))
                .toList();
        return new io.vigo.swarm.api.ManifestEntries(now(), entries.size() == stores.partitions(), inputLag.getAsLong(), all);
    }

    /** One manifest entry, read from the partition that owns its sha. */
    public io.vigo.swarm.api.ManifestEntries.Entry filecast(String sha) {
        int partition = stores.partitionOf(StoreNames.MANIFEST, sha);
        ReadOnlyKeyValueStore<String, ManifestEntryState> store = partition < 0 ? null : stores.partition(StoreNames.MANIFEST, partition);
        if (store == null) {
            throw new ViewsUnavailableException("the manifest partition of " + sha + " is not readable here yet");
        }
        ManifestEntryState entry;
        try {
            entry = store.get(sha);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the manifest partition of " + sha + " is restoring or moving");
        }
        if (entry == null) {
            throw new NotFoundException("no manifest entry " + sha);
        }
        return entry(entry);
    }

    private static io.vigo.swarm.api.ManifestEntries.Entry entry(ManifestEntryState e) {
        return new io.vigo.swarm.api.ManifestEntries.Entry(e.getSha(), e.getLabel(), e.getSubsystem(), e.getSizeBytes(),
                e.getTarget(), e.getRetentionSeconds(), e.getActive() ? "active" : "revoked",
                e.getActive() ? null : e.getRevokeReason(), Instant.ofEpochMilli(e.getPublishedAtMs()),
                e.getRevokedAtMs() > 0 ? Instant.ofEpochMilli(e.getRevokedAtMs()) : null, e.getSeeders());
    }

    private AllowlistState allowlist() {
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<String, AllowlistState> store = stores.partition(StoreNames.ALLOWLIST, partition);
            try {
                AllowlistState state = store == null ? null : store.get(TopicNames.ALLOWLIST_SETTING);
                if (state != null) {
                    return state;
                }
            } catch (InvalidStateStoreException e) {
                // try the next partition
            }
        }
        return new AllowlistState(List.of(), "");
    }

    private static PeerRow row(EnvoyState envoy) {
        EnvoyColor color = EnvoyColor.resolve(envoy.getHostname(), envoy.getTags().get(EnvoyColor.TAG));
        return new PeerRow(envoy.getHostname(), status(envoy), substrate(envoy), envoy.getSeeding(), envoy.getCached(),
                envoy.getDownloading(), envoy.getFootprintBytes(), lastSeen(envoy), color.hex(), color.pinned());
    }

    /** Footprint or blobs descending, or hostname ascending; ties online first, then hostname. */
    static Comparator<PeerRow> order(PeerSort sort) {
        Comparator<PeerRow> ties = Comparator.comparing((PeerRow r) -> !"online".equals(r.status()))
                .thenComparing(PeerRow::hostname);
        return switch (sort) {
            case FOOTPRINT -> Comparator.comparingLong(PeerRow::footprintBytes).reversed().thenComparing(ties);
            case BLOBS -> Comparator.comparingLong(PeerRow::cached).reversed().thenComparing(ties);
            case HOSTNAME -> Comparator.comparing(PeerRow::hostname).thenComparing(ties);
        };
    }

    private static String status(EnvoyState envoy) {
        return envoy.getOnline() ? "online" : "offline";
    }

    private static String substrate(EnvoyState envoy) {
        return FleetContribution.substrateActive(envoy) ? "active" : "idle";
    }

    private static Instant lastSeen(EnvoyState envoy) {
        return envoy.getLastSeenMs() > 0 ? Instant.ofEpochMilli(envoy.getLastSeenMs()) : null;
    }

    private Instant now() {
        return clock.instant();
    }

    private static void requireAnyPartition(Map<Integer, ?> answered) {
        if (answered.isEmpty()) {
            throw new ViewsUnavailableException("the views are not ready yet (restoring or rebalancing)");
        }
    }

    private static FleetTotals orEmpty(FleetTotals totals) {
        return totals == null ? new FleetTotals() : totals;
    }

    private static ManifestTotals orEmpty(ManifestTotals totals) {
        return totals == null ? new ManifestTotals() : totals;
    }

}
