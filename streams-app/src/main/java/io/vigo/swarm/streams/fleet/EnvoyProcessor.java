package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.TaskAssigned;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.streams.errors.EventRules;
import io.vigo.swarm.streams.errors.InvalidEventException;
import io.vigo.swarm.streams.manifest.Allowlist;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.DeadlineIndex;
import io.vigo.swarm.streams.state.EntryState;
import io.vigo.swarm.streams.state.EntryStateChange;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.SeedProblem;
import io.vigo.swarm.streams.state.SeederChange;
import io.vigo.swarm.streams.state.StatusChange;
import io.vigo.swarm.streams.tasks.EnvoyTaskBook;
import io.vigo.swarm.streams.topology.StoreNames;
import io.vigo.swarm.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The envoy side of the topology, partitioned by hostname: folds check-ins, envoy reports and
 * operator events into FleetIndex, PeerTracker and the envoy's seeds, keeps the partition's fleet
 * totals by contribution differences, and turns silent envoys offline from a deadline index on a
 * wall-clock tick. Tells the manifest side when a host gains or loses a seed, and hears back the
 * state of the entries it seeds.
 */
public final class EnvoyProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Child names this processor forwards to. */
    public static final String TO_SEEDER_CHANGES = "seeder-changes-sink";
    public static final String TO_ENVOY_STATUS = "envoy-status-sink";
    static final String METRICS_SCOPE = "vigo";

    /** 2.5 intervals of silence turn an envoy offline. */
    static long deadline(long lastSeenMs, long intervalMs) {
        return lastSeenMs + intervalMs * 5 / 2;
    }

    private final IngestProgress ingest;
    private final Duration tick;

    private ProcessorContext<String, SpecificRecord> context;
    private int partition;
    private KeyValueStore<String, EnvoyState> fleet;
    private KeyValueStore<String, PeerHolding> peers;
    private KeyValueStore<String, HostSeed> seeds;
    private KeyValueStore<String, SeedProblem> seedProblems;
    private DeadlineIndex deadlines;
    private KeyValueStore<Bytes, String> peerOrder;
    private KeyValueStore<Integer, FleetTotals> totals;
    private KeyValueStore<String, AllowlistState> allowlistStore;
    private Allowlist allowlist;
    private EnvoyTaskBook taskBook;
    /** Broker time of the newest check-in processed by this task since it started. */
    private long newestCheckInMs;
    /** Kafka Streams sensors, exported with the app's other metrics (tag vigo-id=partition-N). */
    private Sensor sweepLatency;
    private Sensor offlineDetectionDelay;
    private Sensor statusTransitions;
    private Sensor staleEvents;

    public EnvoyProcessor(IngestProgress ingest, Duration tick) {
        this.ingest = ingest;
        this.tick = tick;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.fleet = context.getStateStore(StoreNames.FLEET_INDEX);
        this.peers = context.getStateStore(StoreNames.PEER_RECORDS);
        this.seeds = context.getStateStore(StoreNames.ENVOY_SEEDS);
        this.seedProblems = context.getStateStore(StoreNames.SEED_PROBLEMS);
        this.deadlines = new DeadlineIndex(context.getStateStore(StoreNames.OFFLINE_DEADLINES));
        this.peerOrder = context.getStateStore(StoreNames.PEER_ORDER);
        PeerOrder.rebuild(peerOrder, fleet); // before the task runs, so no query sees it half built
        this.totals = context.getStateStore(StoreNames.FLEET_TOTALS);
        this.allowlistStore = context.getStateStore(StoreNames.ALLOWLIST);
        AllowlistState stored = allowlistStore.get(TopicNames.ALLOWLIST_SETTING);
        this.allowlist = stored == null ? Allowlist.NONE : new Allowlist(stored);
        this.taskBook = new EnvoyTaskBook(context);
        String entity = "partition-" + partition;
        StreamsMetrics metrics = context.metrics();
        sweepLatency = metrics.addLatencyRateTotalSensor(METRICS_SCOPE, entity, "offline-sweep", Sensor.RecordingLevel.INFO);
        offlineDetectionDelay = metrics.addLatencyRateTotalSensor(METRICS_SCOPE, entity, "offline-detection", Sensor.RecordingLevel.INFO);
        statusTransitions = metrics.addRateTotalSensor(METRICS_SCOPE, entity, "status-transitions", Sensor.RecordingLevel.INFO);
        staleEvents = metrics.addRateTotalSensor(METRICS_SCOPE, entity, "stale-events", Sensor.RecordingLevel.INFO);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::sweepOffline);
    }

    @Override
    public void close() {
        StreamsMetrics metrics = context.metrics();
        List.of(sweepLatency, offlineDetectionDelay, statusTransitions, staleEvents).forEach(metrics::removeSensor);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String key = record.key();
        SpecificRecord value = record.value();
        long ts = record.timestamp();
        if (key == null || value == null) {
            throw new InvalidEventException("record without key or value");
        }
        if (value instanceof EnvoyCheckIn checkIn) {
            checkIn(key, checkIn, ts);
        } else if (value instanceof PeerRecordUpdated updated) {
            peerUpdated(key, updated, ts);
        } else if (value instanceof PeerRecordRemoved removed) {
            peerRemoved(key, removed, ts);
        } else if (value instanceof CacheResync resync) {
            resync(key, resync, ts);
        } else if (value instanceof SeedAnnounced announced) {
            seedAnnounced(key, announced, ts);
        } else if (value instanceof SeedWithdrawn withdrawn) {
            seedWithdrawn(key, withdrawn, ts);
        } else if (value instanceof SeedManifestBroken broken) {
            seedManifestBroken(key, broken, ts);
        } else if (value instanceof EnvoyTagged tagged) {
            tagged(key, tagged, ts);
        } else if (value instanceof EnvoyUntagged untagged) {
            untagged(key, untagged, ts);
        } else if (value instanceof EnvoyDecommissioned decommissioned) {
            decommissioned(key, decommissioned, ts);
        } else if (value instanceof TaskAssigned assigned) {
            EventRules.hostname(key, assigned.getHostname());
            taskBook.assigned(key, assigned, ts);
        } else if (value instanceof TaskResult result) {
            EnvoyTaskBook.validateResult(result);
            report(key, result.getHostname(), result.getAgentEpoch(), result.getSequence(), ts, envoy -> taskBook.result(key, result, ts));
        } else if (value instanceof EntryStateChange change) {
            entryStateChanged(change, ts);
        } else if (value instanceof AllowlistState newAllowlist) {
            allowlistChanged(newAllowlist, ts);
        } else {
            throw new InvalidEventException(value.getSchema().getFullName() + " does not belong on " + context.recordMetadata()
                    .map(m -> m.topic()).orElse("this topic"));
        }
    }

    // ---- check-ins and status ------------------------------------------------------------------

    private void checkIn(String key, EnvoyCheckIn event, long brokerTimeMs) {
        EventRules.hostname(key, event.getHostname());
        EventRules.interval(event.getIntervalMs());
        EventRules.text("agentVersion", event.getAgentVersion());
        EventRules.agentClock(event.getAgentClock(), brokerTimeMs);
        EnvoyState before = fleet.get(key);
        EventRules.sequence(event.getAgentEpoch(), event.getSequence(), brokerTimeMs,
                before == null ? -1 : before.getCheckInEpoch(), before == null ? -1 : before.getCheckInSequence());
        newestCheckInMs = Math.max(newestCheckInMs, brokerTimeMs);

        if (before != null && !newer(event.getAgentEpoch(), event.getSequence(), before.getCheckInEpoch(), before.getCheckInSequence())) {
            staleEvents.record();
            return; // a duplicate or a stale replay: the view already holds something newer
        }
        EnvoyState after = copyOrNew(before, key);
        after.setKnown(true);
        after.setLastSeenMs(brokerTimeMs);
        after.setIntervalMs(event.getIntervalMs());
        after.setAgentVersion(event.getAgentVersion());
        after.setSwarmEnabled(event.getSwarmEnabled());
        after.setClockSkewMs(event.getAgentClock().toEpochMilli() - brokerTimeMs);
        after.setCheckInEpoch(event.getAgentEpoch());
        after.setCheckInSequence(event.getSequence());
        after.setOnline(true);
        moveDeadline(key, before, deadline(brokerTimeMs, event.getIntervalMs()), after);
        commit(key, before, after, brokerTimeMs);
        if (before == null || !before.getOnline() || !before.getKnown()) {
            forwardStatus(after, brokerTimeMs);
        }
    }

    /**
     * Keeps the deadline index lazy: an online envoy has one entry at or before its deadline, not
     * one per check-in. A check-in only stores the new deadline in the envoy; the entry is written
     * when the envoy comes online, or when its deadline moves earlier (a shorter interval). When an
     * entry falls due the sweep looks at the envoy: checked in since, the entry moves to its
     * current deadline; else it goes offline. One index write per deadline period instead of a
     * delete and a put per check-in.
     */
    private void moveDeadline(String host, EnvoyState before, long newDeadline, EnvoyState after) {
        after.setDeadlineMs(newDeadline);
        boolean indexed = before != null && before.getOnline() && before.getDeadlineMs() > 0;
        if (newDeadline > 0 && (!indexed || newDeadline < before.getDeadlineMs())) {
            deadlines.put(newDeadline, host);
        }
    }

    /**
     * Turns offline every envoy whose deadline has passed. "Now" is the wall clock once the
     * partition's check-ins are caught up, else the newest check-in processed: after downtime the
     * backlog is read before anyone is judged silent.
     */
    private void sweepOffline(long wallClockMs) {
        long now = ingest.caughtUp(partition) ? wallClockMs : Math.min(wallClockMs, newestCheckInMs);
        if (now <= 0) {
            return;
        }
        long started = System.nanoTime();
        for (KeyValue<Bytes, String> entry : deadlines.takeDue(now)) {
            EnvoyState before = fleet.get(entry.value);
            if (before == null || !before.getOnline() || before.getDeadlineMs() <= 0) {
                continue; // offline or decommissioned meanwhile
            }
            if (before.getDeadlineMs() > now) {
                deadlines.put(before.getDeadlineMs(), entry.value); // checked in since
                continue;
            }
            EnvoyState after = EnvoyState.newBuilder(before).setOnline(false).setDeadlineMs(0).build();
            commit(entry.value, before, after, wallClockMs);
            forwardStatus(after, wallClockMs);
            offlineDetectionDelay.record(TimeUnit.MILLISECONDS.toNanos(now - before.getDeadlineMs()));
        }
        taskBook.expireDue(now, wallClockMs);
        sweepLatency.record(System.nanoTime() - started);
    }

    private void forwardStatus(EnvoyState envoy, long decidedAtMs) {
        StatusChange change = new StatusChange(envoy.getHostname(), envoy.getOnline(), envoy.getLastSeenMs(), decidedAtMs);
        context.forward(new Record<String, SpecificRecord>(envoy.getHostname(), change, decidedAtMs), TO_ENVOY_STATUS);
        statusTransitions.record();
    }

    // ---- peer records ----------------------------------------------------------------------------

    private void peerUpdated(String key, PeerRecordUpdated event, long ts) {
        EventRules.sha(event.getSha());
        EventRules.peer(event.getState(), event.getBytes());
        PeerHolding holding = new PeerHolding(event.getState() == PeerState.CACHED, event.getBytes());
        report(key, event.getHostname(), event.getAgentEpoch(), event.getSequence(), ts,
                envoy -> putPeer(envoy, event.getSha(), holding));
    }

    private void peerRemoved(String key, PeerRecordRemoved event, long ts) {
        EventRules.sha(event.getSha());
        report(key, event.getHostname(), event.getAgentEpoch(), event.getSequence(), ts,
                envoy -> putPeer(envoy, event.getSha(), null));
    }

    private void resync(String key, CacheResync event, long ts) {
        Map<String, PeerHolding> incoming = new LinkedHashMap<>();
        for (PeerEntry entry : event.getPeers()) {
            EventRules.sha(entry.getSha());
            EventRules.peer(entry.getState(), entry.getBytes());
            incoming.put(entry.getSha(), new PeerHolding(entry.getState() == PeerState.CACHED, entry.getBytes()));
        }
        Map<String, SeedManifest> incomingSeeds = new LinkedHashMap<>();
        for (SeedManifest seed : event.getSeeds()) {
            EventRules.seed(seed);
            incomingSeeds.put(seed.getSha(), seed);
        }
        report(key, event.getHostname(), event.getAgentEpoch(), event.getSequence(), ts, envoy -> {
            for (String sha : keysWithPrefix(peers, key)) {
                if (!incoming.containsKey(sha)) {
                    putPeer(envoy, sha, null);
                }
            }
            incoming.forEach((sha, holding) -> putPeer(envoy, sha, holding));
            for (String sha : keysWithPrefix(seeds, key)) {
                if (!incomingSeeds.containsKey(sha)) {
                    removeSeed(envoy, sha, ts);
                }
            }
            incomingSeeds.values().forEach(seed -> putSeed(envoy, seed, ts));
        });
    }

    /** Sets (or, with null, removes) one peer record and keeps the envoy's counts in step. */
    private void putPeer(EnvoyState envoy, String sha, PeerHolding holding) {
        String storeKey = Keys.pair(envoy.getHostname(), sha);
        PeerHolding old = peers.get(storeKey);
        if (old == null ? holding == null : old.equals(holding)) {
            return;
        }
        count(envoy, old, -1);
        count(envoy, holding, +1);
        if (holding == null) {
            peers.delete(storeKey);
        } else {
            peers.put(storeKey, holding);
        }
    }

    private static void count(EnvoyState envoy, PeerHolding holding, int sign) {
        if (holding == null) {
            return;
        }
        if (holding.getCached()) {
            envoy.setCached(envoy.getCached() + sign);
            envoy.setFootprintBytes(envoy.getFootprintBytes() + sign * holding.getBytes());
        } else {
            envoy.setDownloading(envoy.getDownloading() + sign);
        }
    }

    // ---- seeds -----------------------------------------------------------------------------------

    private void seedAnnounced(String key, SeedAnnounced event, long ts) {
        EventRules.seed(event.getSeed());
        report(key, event.getHostname(), event.getAgentEpoch(), event.getSequence(), ts,
                envoy -> putSeed(envoy, event.getSeed(), ts));
    }

    private void seedWithdrawn(String key, SeedWithdrawn event, long ts) {
        EventRules.sha(event.getSha());
        report(key, event.getHostname(), event.getAgentEpoch(), event.getSequence(), ts,
                envoy -> removeSeed(envoy, event.getSha(), ts));
    }

    private void seedManifestBroken(String key, SeedManifestBroken event, long ts) {
        EventRules.text("path", event.getPath());
        EventRules.text("reason", event.getReason());
        report(key, event.getHostname(), event.getAgentEpoch(), event.getSequence(), ts,
                envoy -> seedProblems.put(Keys.pair(key, event.getPath()), new SeedProblem(event.getReason(), ts)));
    }

    private void putSeed(EnvoyState envoy, SeedManifest manifest, long ts) {
        String host = envoy.getHostname();
        String storeKey = Keys.pair(host, manifest.getSha());
        HostSeed old = seeds.get(storeKey);
        HostSeed seed = HostSeed.newBuilder()
                .setLabel(manifest.getLabel())
                .setSubsystem(manifest.getSubsystem().name().toLowerCase(Locale.ROOT))
                .setSizeBytes(manifest.getSizeBytes())
                .setTarget(manifest.getTarget())
                .setRetentionSeconds(manifest.getRetentionSeconds())
                .setAllowed(allowlist.allows(host))
                .setEntryState(old == null ? EntryState.PENDING : old.getEntryState())
                .setAnnouncedAtMs(old == null ? ts : old.getAnnouncedAtMs())
                .build();
        if (seed.equals(old)) {
            return;
        }
        replaceSeed(envoy, manifest.getSha(), old, seed, ts);
    }

    private void removeSeed(EnvoyState envoy, String sha, long ts) {
        HostSeed old = seeds.get(Keys.pair(envoy.getHostname(), sha));
        if (old != null) {
            replaceSeed(envoy, sha, old, null, ts);
        }
    }

    /** Writes a seed change, keeps SEEDING in step and tells the manifest side if the host's seeder status changed. */
    private void replaceSeed(EnvoyState envoy, String sha, HostSeed old, HostSeed seed, long ts) {
        String storeKey = Keys.pair(envoy.getHostname(), sha);
        if (seed == null) {
            seeds.delete(storeKey);
        } else {
            seeds.put(storeKey, seed);
        }
        envoy.setSeeding(envoy.getSeeding() - seedingOf(old) + seedingOf(seed));
        boolean inPopulation = FleetContribution.inPopulation(envoy);
        boolean wasSeeder = inPopulation && old != null && old.getAllowed();
        boolean isSeeder = inPopulation && seed != null && seed.getAllowed();
        if (isSeeder && (!wasSeeder || !sameManifest(old, seed))) {
            tellManifest(envoy.getHostname(), sha, seed, true, ts);
        } else if (wasSeeder && !isSeeder) {
            tellManifest(envoy.getHostname(), sha, old, false, ts);
        }
    }

    private static int seedingOf(HostSeed seed) {
        return seed != null && seed.getAllowed() && seed.getEntryState() == EntryState.ACTIVE ? 1 : 0;
    }

    private static boolean sameManifest(HostSeed a, HostSeed b) {
        return a.getLabel().equals(b.getLabel()) && a.getSubsystem().equals(b.getSubsystem())
                && a.getSizeBytes() == b.getSizeBytes() && a.getTarget().equals(b.getTarget())
                && a.getRetentionSeconds() == b.getRetentionSeconds();
    }

    private void tellManifest(String host, String sha, HostSeed seed, boolean effective, long ts) {
        SeederChange change = SeederChange.newBuilder()
                .setHostname(host).setSha(sha).setEffective(effective)
                .setLabel(seed.getLabel()).setSubsystem(seed.getSubsystem()).setSizeBytes(seed.getSizeBytes())
                .setTarget(seed.getTarget()).setRetentionSeconds(seed.getRetentionSeconds())
                .setAnnouncedAtMs(seed.getAnnouncedAtMs())
                .build();
        context.forward(new Record<String, SpecificRecord>(sha, change, ts), TO_SEEDER_CHANGES);
    }

    /** The manifest side's answer: the entry a host seeds is active, revoked or gone. */
    private void entryStateChanged(EntryStateChange change, long ts) {
        String host = change.getHostname();
        String storeKey = Keys.pair(host, change.getSha());
        HostSeed old = seeds.get(storeKey);
        EnvoyState before = fleet.get(host);
        if (old == null || before == null || old.getEntryState() == change.getState()) {
            return; // withdrawn meanwhile, or nothing new
        }
        EnvoyState after = EnvoyState.newBuilder(before).build();
        HostSeed seed = HostSeed.newBuilder(old).setEntryState(change.getState()).build();
        seeds.put(storeKey, seed);
        after.setSeeding(after.getSeeding() - seedingOf(old) + seedingOf(seed));
        commit(host, before, after, ts);
    }

    /** A new allowlist: every seed of this partition is judged again. */
    private void allowlistChanged(AllowlistState state, long ts) {
        allowlistStore.put(TopicNames.ALLOWLIST_SETTING, state);
        allowlist = new Allowlist(state);
        Map<String, HostSeed> changed = new LinkedHashMap<>();
        try (KeyValueIterator<String, HostSeed> it = seeds.all()) {
            while (it.hasNext()) {
                KeyValue<String, HostSeed> entry = it.next();
                boolean allowed = allowlist.allows(Keys.first(entry.key));
                if (allowed != entry.value.getAllowed()) {
                    changed.put(entry.key, HostSeed.newBuilder(entry.value).setAllowed(allowed).build());
                }
            }
        }
        Map<String, EnvoyState[]> envoys = new HashMap<>();
        changed.forEach((storeKey, seed) -> {
            String host = Keys.first(storeKey);
            EnvoyState[] pair = envoys.computeIfAbsent(host, h -> {
                EnvoyState before = fleet.get(h);
                return new EnvoyState[] {before, copyOrNew(before, h)};
            });
            replaceSeed(pair[1], Keys.second(storeKey), seeds.get(storeKey), seed, ts);
        });
        envoys.forEach((host, pair) -> commit(host, pair[0], pair[1], ts));
    }

    // ---- operator events -------------------------------------------------------------------------

    private void tagged(String key, EnvoyTagged event, long ts) {
        EventRules.hostname(key, event.getHostname());
        EventRules.tagKey(event.getKey());
        EventRules.tagValue(event.getValue());
        EnvoyState before = fleet.get(key);
        EnvoyState after = copyOrNew(before, key);
        Map<String, String> tags = new java.util.TreeMap<>(after.getTags());
        tags.put(event.getKey(), event.getValue());
        after.setTags(tags);
        commit(key, before, after, ts);
    }

    private void untagged(String key, EnvoyUntagged event, long ts) {
        EventRules.hostname(key, event.getHostname());
        EventRules.tagKey(event.getKey());
        EnvoyState before = fleet.get(key);
        if (before == null || !before.getTags().containsKey(event.getKey())) {
            return;
        }
        EnvoyState after = EnvoyState.newBuilder(before).build();
        Map<String, String> tags = new java.util.TreeMap<>(after.getTags());
        tags.remove(event.getKey());
        after.setTags(tags);
        commit(key, before, after, ts);
    }

    private void decommissioned(String key, EnvoyDecommissioned event, long ts) {
        EventRules.hostname(key, event.getHostname());
        EnvoyState before = fleet.get(key);
        if (before == null || !before.getKnown()) {
            return;
        }
        EnvoyState after = EnvoyState.newBuilder(before).setKnown(false).setOnline(false).build();
        moveDeadline(key, before, 0, after);
        commit(key, before, after, ts);
        taskBook.cancelPending(key, ts);
        if (before.getOnline()) {
            forwardStatus(after, ts);
        }
    }

    // ---- shared ----------------------------------------------------------------------------------

    /**
     * Stores the envoy and moves the partition's totals by the change in its contribution. When the
     * envoy enters or leaves the population its allowed seeds start or stop counting as seeders.
     */
    private void commit(String host, EnvoyState before, EnvoyState after, long ts) {
        fleet.put(host, after);
        PeerOrder.update(peerOrder, before, after);
        FleetContribution was = FleetContribution.of(before);
        FleetContribution is = FleetContribution.of(after);
        if (!was.equals(is)) {
            FleetTotals current = totals.get(partition);
            totals.put(partition, FleetContribution.apply(current == null ? new FleetTotals() : current, was, is));
        }
        boolean wasIn = FleetContribution.inPopulation(before);
        boolean isIn = FleetContribution.inPopulation(after);
        if (wasIn != isIn) {
            try (KeyValueIterator<String, HostSeed> it = seeds.prefixScan(Keys.prefix(host), new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, HostSeed> entry = it.next();
                    if (entry.value.getAllowed()) {
                        tellManifest(host, Keys.second(entry.key), entry.value, isIn, ts);
                    }
                }
            }
        }
    }

    /**
     * Applies one envoy report after the event-specific checks: checks who sent it and that it is
     * newer than what the view holds, lets {@code change} update a copy of the envoy, and commits.
     */
    private void report(String key, String hostname, long epoch, long sequence, long ts, Consumer<EnvoyState> change) {
        EventRules.hostname(key, hostname);
        EnvoyState before = fleet.get(key);
        EventRules.sequence(epoch, sequence, ts, before == null ? -1 : before.getReportEpoch(), before == null ? -1 : before.getReportSequence());
        if (!acceptReport(before, epoch, sequence)) {
            return;
        }
        EnvoyState after = reportedBy(before, key, epoch, sequence);
        change.accept(after);
        commit(key, before, after, ts);
    }

    private boolean acceptReport(EnvoyState envoy, long epoch, long sequence) {
        boolean accepted = envoy == null || newer(epoch, sequence, envoy.getReportEpoch(), envoy.getReportSequence());
        if (!accepted) {
            staleEvents.record();
        }
        return accepted;
    }

    private static EnvoyState reportedBy(EnvoyState before, String host, long epoch, long sequence) {
        EnvoyState after = copyOrNew(before, host);
        after.setReportEpoch(epoch);
        after.setReportSequence(sequence);
        return after;
    }

    /** (epoch, sequence) ordered lexicographically: a new epoch restarts the sequence. */
    static boolean newer(long epoch, long sequence, long heldEpoch, long heldSequence) {
        return epoch > heldEpoch || (epoch == heldEpoch && sequence > heldSequence);
    }

    private static EnvoyState copyOrNew(EnvoyState before, String host) {
        if (before != null) {
            return EnvoyState.newBuilder(before).build();
        }
        // Known only once it checks in; reports that come first are kept for then.
        return EnvoyState.newBuilder().setHostname(host).setKnown(false).build();
    }

    private static <V> List<String> keysWithPrefix(KeyValueStore<String, V> store, String host) {
        List<String> seconds = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(Keys.prefix(host), new StringSerializer())) {
            it.forEachRemaining(entry -> seconds.add(Keys.second(entry.key)));
        }
        return seconds;
    }
}
