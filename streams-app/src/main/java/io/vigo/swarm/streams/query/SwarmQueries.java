package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EnvoyColor;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.FilecastHolders;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.topics.TopicNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers the operator's questions from this instance's state stores through interactive
 * queries. The status answer reads one totals record per partition, whatever the fleet size.
 */
public final class SwarmQueries {

    static final String FLEET_PART = "fleet-totals";
    static final String MANIFEST_PART = "manifest-totals";
    static final String PEER_ROWS = "peer-rows";
    static final String REFUSED_SEEDS = "refused-seeds";
    static final String ENVOY_ROWS = "envoy-rows";
    static final String MANIFEST_ENTRIES = "manifest-entries";
    static final String FILECAST_HOLDERS = "filecast-holders";

    /** One partition's fleet totals, as sent between instances. */
    record FleetPart(long online, long population, long substrateActive, long seedingEnvoys, long footprintBytes) {
    }

    /** One partition's first peers rows in one order, and its population, as sent between instances. */
    record PeerRowsPart(long population, List<PeerRow> rows) {
    }

    /** One partition's manifest totals, as sent between instances. */
    record ManifestPart(long active, long revoked, long activePayload, long activeGitback) {
    }

    private final LocalStores stores;
    private final Partials partials;
    private final KeyRouter router;
    private final LongSupplier inputLag;
    private final LongSupplier deadLetters;
    private final Clock clock;

    /** Queries of one instance that answers alone (every partition is its own). */
    public SwarmQueries(LocalStores stores, LongSupplier inputLag, LongSupplier deadLetters, Clock clock) {
        this(stores, Partials.alone(stores), new KeyRouter(KeyRouter.ALWAYS_LOCAL), inputLag, deadLetters, clock);
    }

    public SwarmQueries(LocalStores stores, Partials partials, KeyRouter router, LongSupplier inputLag, LongSupplier deadLetters, Clock clock) {
        this.stores = stores;
        this.partials = partials;
        this.router = router;
        this.inputLag = inputLag;
        this.deadLetters = deadLetters;
        this.clock = clock;
        var types = io.vigo.swarm.api.Json.mapper().getTypeFactory();
        partials.<Integer, FleetTotals, FleetPart>define(FLEET_PART, StoreNames.FLEET_TOTALS, types.constructType(FleetPart.class),
                (partition, store) -> {
                    FleetTotals t = orEmpty(store.get(partition));
                    return new FleetPart(t.getOnline(), t.getPopulation(), t.getSubstrateActive(), t.getSeedingEnvoys(), t.getFootprintBytes());
                });
        partials.<Integer, ManifestTotals, ManifestPart>define(MANIFEST_PART, StoreNames.MANIFEST_TOTALS, types.constructType(ManifestPart.class),
                (partition, store) -> {
                    ManifestTotals t = orEmpty(store.get(partition));
                    return new ManifestPart(t.getActive(), t.getRevoked(), t.getActivePayload(), t.getActiveGitback());
                });
        partials.<Bytes, String, PeerRowsPart>define(PEER_ROWS, StoreNames.PEER_ORDER, types.constructType(PeerRowsPart.class),
                (Partials.PartitionRead<Bytes, String, PeerRowsPart>) (partition, order, argument) -> peerRows(partition, order, argument));
        partials.<String, PeerHolding, List<FilecastHolders.Holder>>define(FILECAST_HOLDERS, StoreNames.PEER_RECORDS,
                types.constructCollectionType(List.class, FilecastHolders.Holder.class),
                (Partials.PartitionRead<String, PeerHolding, List<FilecastHolders.Holder>>) this::holdersIn);
        partials.<String, HostSeed, List<RefusedSeeds.RefusedSeed>>define(REFUSED_SEEDS, StoreNames.ENVOY_SEEDS,
                types.constructCollectionType(List.class, RefusedSeeds.RefusedSeed.class), (partition, store) -> {
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
        partials.<String, EnvoyState, List<io.vigo.swarm.api.EnvoyList.EnvoyRow>>define(ENVOY_ROWS, StoreNames.FLEET_INDEX,
                types.constructCollectionType(List.class, io.vigo.swarm.api.EnvoyList.EnvoyRow.class), (partition, store) -> {
                    List<io.vigo.swarm.api.EnvoyList.EnvoyRow> rows = new ArrayList<>();
                    try (KeyValueIterator<String, EnvoyState> it = store.all()) {
                        it.forEachRemaining(kv -> {
                            EnvoyState e = kv.value;
                            if (e.getLastSeenMs() > 0) {
                                EnvoyColor color = EnvoyColor.resolve(e.getHostname(), e.getTags().get(EnvoyColor.TAG));
                                rows.add(new io.vigo.swarm.api.EnvoyList.EnvoyRow(e.getHostname(), status(e), !e.getKnown(),
                                        e.getSwarmEnabled(), e.getAgentVersion(), lastSeen(e), new java.util.TreeMap<>(e.getTags()),
                                        color.hex(), color.pinned()));
                            }
                        });
                    }
                    return rows;
                });
        partials.<String, ManifestEntryState, List<io.vigo.swarm.api.ManifestEntries.Entry>>define(MANIFEST_ENTRIES, StoreNames.MANIFEST,
                types.constructCollectionType(List.class, io.vigo.swarm.api.ManifestEntries.Entry.class), (partition, store) -> {
                    List<io.vigo.swarm.api.ManifestEntries.Entry> entries = new ArrayList<>();
                    try (KeyValueIterator<String, ManifestEntryState> it = store.all()) {
                        it.forEachRemaining(kv -> entries.add(entry(kv.value)));
                    }
                    return entries;
                });
    }

    public SwarmStatus status() {
        Partials.Gathered<FleetPart> fleet = partials.gather(FLEET_PART);
        Partials.Gathered<ManifestPart> manifest = partials.gather(MANIFEST_PART);
        requireAnyPartition(fleet.byPartition());
        long online = 0, population = 0, active = 0, seeding = 0, footprint = 0;
        for (FleetPart t : fleet.byPartition().values()) {
            online += t.online();
            population += t.population();
            active += t.substrateActive();
            seeding += t.seedingEnvoys();
            footprint += t.footprintBytes();
        }
        long activeEntries = 0, revoked = 0, payload = 0, gitback = 0;
        for (ManifestPart t : manifest.byPartition().values()) {
            activeEntries += t.active();
            revoked += t.revoked();
            payload += t.activePayload();
            gitback += t.activeGitback();
        }
        AllowlistState allowlist = allowlist();
        return new SwarmStatus(now(), fleet.complete() && manifest.complete(), inputLag.getAsLong(), online, population, active,
                seeding, footprint, activeEntries, revoked, payload, gitback,
                new SwarmStatus.SeedingAllowlist(allowlist.getServerHostname(), List.copyOf(allowlist.getPatterns())),
                deadLetters.getAsLong());
    }

    /**
     * The first {@code limit} rows of the population in {@code sort} order (all for 0). Each
     * partition gives its own first {@code limit} from the peer order index, so the page costs
     * about partitions × limit reads whatever the fleet size; merged and cut here.
     */
    public PeersPage peers(PeerOrder.Sort sort, int limit) {
        Partials.Gathered<PeerRowsPart> parts = partials.gather(PEER_ROWS, sort.name() + ":" + limit);
        requireAnyPartition(parts.byPartition());
        List<PeerRow> merged = parts.byPartition().values().stream().flatMap(part -> part.rows().stream()).sorted(order(sort)).toList();
        List<PeerRow> page = limit == 0 ? merged : merged.subList(0, Math.min(limit, merged.size()));
        long population = parts.byPartition().values().stream().mapToLong(PeerRowsPart::population).sum();
        return new PeersPage(now(), parts.complete(), inputLag.getAsLong(),
                sort.name().toLowerCase(java.util.Locale.ROOT), limit, population, page);
    }

    private PeerRowsPart peerRows(int partition, ReadOnlyKeyValueStore<Bytes, String> order, String argument) {
        String[] sortAndLimit = argument.split(":", 2);
        PeerOrder.Sort sort;
        int limit;
        try {
            sort = PeerOrder.Sort.valueOf(sortAndLimit[0]);
            limit = Integer.parseInt(sortAndLimit[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the peers partial takes <SORT>:<limit>, not \"" + argument + "\"");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("the peers partial's limit must be >= 0, not " + limit);
        }
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = stores.partition(StoreNames.FLEET_INDEX, partition);
        ReadOnlyKeyValueStore<Integer, FleetTotals> totals = stores.partition(StoreNames.FLEET_TOTALS, partition);
        if (fleet == null || totals == null) {
            throw new InvalidStateStoreException("partition " + partition + " moved while being read");
        }
        List<PeerRow> rows = new ArrayList<>();
        for (String host : PeerOrder.first(order, sort, limit)) {
            EnvoyState envoy = fleet.get(host);
            if (envoy != null) {
                rows.add(row(envoy));
            }
        }
        return new PeerRowsPart(orEmpty(totals.get(partition)).getPopulation(), rows);
    }

    public RefusedSeeds refused() {
        Partials.Gathered<List<RefusedSeeds.RefusedSeed>> seeds = partials.gather(REFUSED_SEEDS);
        requireAnyPartition(seeds.byPartition());
        List<RefusedSeeds.RefusedSeed> all = seeds.byPartition().values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(RefusedSeeds.RefusedSeed::hostname).thenComparing(RefusedSeeds.RefusedSeed::sha))
                .toList();
        return new RefusedSeeds(now(), seeds.complete(), inputLag.getAsLong(), all);
    }

    public EnvoyDetail envoy(String hostname) {
        return envoy(hostname, false);
    }

    /** One envoy, from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    public EnvoyDetail envoy(String hostname, boolean forwarded) {
        var owner = router.forwardTo(StoreNames.FLEET_INDEX, hostname, forwarded);
        if (owner.isPresent()) {
            return router.fetch(owner.get(), io.vigo.swarm.api.VigoApiClient.BASE_PATH + "/envoys/" + hostname, EnvoyDetail.class);
        }
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
        List<EnvoyDetail.Blob> blobs = new ArrayList<>();
        List<EnvoyDetail.TaskRun> runs = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, HostSeed> seedStore = stores.partition(StoreNames.ENVOY_SEEDS, partition);
            ReadOnlyKeyValueStore<String, PeerHolding> peerStore = stores.partition(StoreNames.PEER_RECORDS, partition);
            ReadOnlyKeyValueStore<String, io.vigo.swarm.streams.state.SeedProblem> problemStore = stores.partition(StoreNames.SEED_PROBLEMS, partition);
            ReadOnlyKeyValueStore<String, io.vigo.swarm.streams.state.EnvoyTask> taskStore = stores.partition(StoreNames.ENVOY_TASKS, partition);
            if (seedStore == null || problemStore == null || taskStore == null || peerStore == null) {
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
                    io.vigo.swarm.streams.state.EnvoyTask task = kv.value;
                    Instant dispatched = Instant.ofEpochMilli(task.getDispatchedAtMs());
                    Instant expires = Instant.ofEpochMilli(task.getExpiresAtMs());
                    if (task.getState() == io.vigo.swarm.streams.state.TaskRunState.PENDING) {
                        pending.add(new io.vigo.swarm.api.PendingTasks.Task(Keys.second(kv.key), task.getVerb(), dispatched, expires));
                    }
                    runs.add(new EnvoyDetail.TaskRun(Keys.second(kv.key), task.getVerb(), task.getState().name().toLowerCase(java.util.Locale.ROOT),
                            dispatched, expires, task.getOutput()));
                });
                runs.sort(Comparator.comparing(EnvoyDetail.TaskRun::dispatchedAt).reversed().thenComparing(EnvoyDetail.TaskRun::taskId));
            }
            try (KeyValueIterator<String, PeerHolding> it = peerStore.prefixScan(Keys.prefix(hostname), keys)) {
                it.forEachRemaining(kv -> blobs.add(new EnvoyDetail.Blob(Keys.second(kv.key), role(kv.value), kv.value.getBytes())));
            }
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("partition " + partition + " is restoring or moving");
        }
        return new EnvoyDetail(now(), true, inputLag.getAsLong(), hostname, status(envoy), lastSeen(envoy),
                envoy.getIntervalMs(), envoy.getAgentVersion(), envoy.getSwarmEnabled(), envoy.getClockSkewMs(),
                !envoy.getKnown(), substrate(envoy), envoy.getSeeding(), envoy.getCached(), envoy.getDownloading(),
                envoy.getFootprintBytes(), Map.copyOf(envoy.getTags()), color.hex(), color.pinned(), seeds, problems, pending, blobs, runs);
    }

    private static String role(PeerHolding holding) {
        return holding.getCached() ? "cached" : "downloading";
    }

    /**
     * Every envoy holding, downloading or seeding {@code sha}. Peer records and seeds are keyed by
     * hostname, so each partition is scanned for the sha: about a millisecond per thousand peer
     * records, affordable for one payload's page but not for a hot path.
     */
    public FilecastHolders holders(String sha) {
        Partials.Gathered<List<FilecastHolders.Holder>> parts = partials.gather(FILECAST_HOLDERS, sha);
        requireAnyPartition(parts.byPartition());
        List<FilecastHolders.Holder> holders = new ArrayList<>();
        parts.byPartition().values().forEach(holders::addAll);
        holders.sort(Comparator.comparing(FilecastHolders.Holder::hostname).thenComparing(FilecastHolders.Holder::role));
        return new FilecastHolders(now(), parts.complete(), inputLag.getAsLong(), sha, holders);
    }

    private List<FilecastHolders.Holder> holdersIn(int partition, ReadOnlyKeyValueStore<String, PeerHolding> peers, String sha) {
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = stores.partition(StoreNames.FLEET_INDEX, partition);
        ReadOnlyKeyValueStore<String, HostSeed> seeds = stores.partition(StoreNames.ENVOY_SEEDS, partition);
        if (fleet == null || seeds == null) {
            throw new InvalidStateStoreException("partition " + partition + " moved while it was read");
        }
        String suffix = Keys.SEPARATOR + sha;
        List<FilecastHolders.Holder> holders = new ArrayList<>();
        try (KeyValueIterator<String, PeerHolding> it = peers.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.endsWith(suffix)) {
                    addHolder(holders, fleet, Keys.first(kv.key), role(kv.value), kv.value.getBytes());
                }
            });
        }
        try (KeyValueIterator<String, HostSeed> it = seeds.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.endsWith(suffix)) {
                    addHolder(holders, fleet, Keys.first(kv.key), kv.value.getAllowed() ? "seeding" : "refused", kv.value.getSizeBytes());
                }
            });
        }
        return holders;
    }

    /** Adds the host's part if it is in the population (a decommissioned or swarm-disabled host is not shown). */
    private static void addHolder(List<FilecastHolders.Holder> holders, ReadOnlyKeyValueStore<String, EnvoyState> fleet,
            String host, String role, long bytes) {
        EnvoyState envoy = fleet.get(host);
        if (envoy != null && FleetContribution.inPopulation(envoy)) {
            holders.add(holder(envoy, role, bytes));
        }
    }

    private static FilecastHolders.Holder holder(EnvoyState envoy, String role, long bytes) {
        EnvoyColor color = EnvoyColor.resolve(envoy.getHostname(), envoy.getTags().get(EnvoyColor.TAG));
        return new FilecastHolders.Holder(envoy.getHostname(), role, bytes, status(envoy), color.hex(), color.pinned());
    }

    public io.vigo.swarm.api.EnvoyList envoys() {
        Partials.Gathered<List<io.vigo.swarm.api.EnvoyList.EnvoyRow>> rows = partials.gather(ENVOY_ROWS);
        requireAnyPartition(rows.byPartition());
        List<io.vigo.swarm.api.EnvoyList.EnvoyRow> all = rows.byPartition().values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(io.vigo.swarm.api.EnvoyList.EnvoyRow::hostname)).toList();
        return new io.vigo.swarm.api.EnvoyList(now(), rows.complete(), inputLag.getAsLong(), all);
    }

    public io.vigo.swarm.api.ManifestEntries filecasts() {
        Partials.Gathered<List<io.vigo.swarm.api.ManifestEntries.Entry>> entries = partials.gather(MANIFEST_ENTRIES);
        requireAnyPartition(entries.byPartition());
        List<io.vigo.swarm.api.ManifestEntries.Entry> all = entries.byPartition().values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(io.vigo.swarm.api.ManifestEntries.Entry::label)
                        .thenComparing(io.vigo.swarm.api.ManifestEntries.Entry::sha))
                .toList();
        return new io.vigo.swarm.api.ManifestEntries(now(), entries.complete(), inputLag.getAsLong(), all);
    }

    public io.vigo.swarm.api.ManifestEntries.Entry filecast(String sha) {
        return filecast(sha, false);
    }

    /** One manifest entry, from the instance that owns its sha's partition. */
    public io.vigo.swarm.api.ManifestEntries.Entry filecast(String sha, boolean forwarded) {
        var owner = router.forwardTo(StoreNames.MANIFEST, sha, forwarded);
        if (owner.isPresent()) {
            return router.fetch(owner.get(), io.vigo.swarm.api.VigoApiClient.BASE_PATH + "/swarm/filecast/" + sha,
                    io.vigo.swarm.api.ManifestEntries.Entry.class);
        }
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
    static Comparator<PeerRow> order(PeerOrder.Sort sort) {
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
