package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.CacheResyncPage;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.TaskAssigned;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.streams.history.BlobHistory;
import io.vigo.swarm.streams.history.HistoryHorizon;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.EntryStateChange;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.SeedProblem;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.tasks.EnvoyTaskBook;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The envoy side of the topology, partitioned by hostname: validates each event and hands it to
 * the owner of the state it changes. {@link FleetLedger} stores every envoy change and the
 * partition's totals; {@link Liveness} decides online and offline; {@link PeerTracker} keeps peer
 * records; {@link SeedBook} keeps seeds, the allowlist and the exchange with the manifest side;
 * {@link EnvoyTaskBook} keeps the envoy's tasks.
 */
public final class EnvoyProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final IngestProgress ingest;
    private final Duration tick;

    private ProcessorContext<String, SpecificRecord> context;
    private EnvoySensors sensors;
    private FleetLedger ledger;
    private Liveness liveness;
    private PeerTracker peers;
    private SeedBook seeds;
    private EnvoyTaskBook tasks;
    private HostHistory history;

    private final Duration horizon;
    /** Whether this task has marked its hosts' pending tasks for the gateways since it started (its first sweep does). */
    private boolean marked;

    public EnvoyProcessor(IngestProgress ingest, Duration tick, Duration horizon) {
        this.ingest = ingest;
        this.tick = tick;
        this.horizon = horizon;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.sensors = new EnvoySensors(context);
        this.history = new HostHistory(context.getStateStore(StoreNames.ENVOY_HISTORY), horizon);
        history.startFrom(context.currentSystemTimeMs(), context.<KeyValueStore<String, EnvoyState>>getStateStore(StoreNames.FLEET_INDEX).all(), Map.of(
                RecordKind.PEER, context.<KeyValueStore<String, PeerHolding>>getStateStore(StoreNames.PEER_RECORDS).all(),
                RecordKind.SEED, context.<KeyValueStore<String, HostSeed>>getStateStore(StoreNames.ENVOY_SEEDS).all(),
                RecordKind.PROBLEM, context.<KeyValueStore<String, SeedProblem>>getStateStore(StoreNames.SEED_PROBLEMS).all(),
                RecordKind.TASK, context.<KeyValueStore<String, EnvoyTask>>getStateStore(StoreNames.ENVOY_TASKS).all()));
        this.ledger = new FleetLedger(context, sensors.staleEvents, (host, in, ts) -> seeds.populationChanged(host, in, ts), history, horizon);
        this.liveness = new Liveness(context, ledger, ingest, sensors);
        this.peers = new PeerTracker(context, history, new BlobHistory(context.getStateStore(StoreNames.BLOB_HISTORY), horizon));
        this.seeds = new SeedBook(context, ledger, history);
        this.tasks = new EnvoyTaskBook(context, history);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::sweep);
        context.schedule(HistoryHorizon.PRUNE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
            long cutoff = now - horizon.toMillis();
            ledger.pruneHistory(cutoff);
            seeds.pruneAllowlistHistory(cutoff);
        });
    }

    @Override
    public void close() {
        sensors.close();
    }

    /** Handles one event; the envoy's history gathered on the way is written once, even when the event is refused half-way. */
    @Override
    public void process(Record<String, SpecificRecord> record) {
        try {
            handle(record);
        } finally {
            history.flush();
        }
    }

    private void handle(Record<String, SpecificRecord> record) {
        String key = record.key();
        SpecificRecord value = record.value();
        long ts = record.timestamp();
        if (key == null || value == null) {
            throw new InvalidEventException("record without key or value");
        }
        if (value instanceof EnvoyCheckIn checkIn) {
            liveness.checkIn(key, checkIn, ts);
        } else if (value instanceof PeerRecordUpdated updated) {
            PeerHolding holding = PeerTracker.holding(updated);
            ledger.report(key, updated.getHostname(), updated.getAgentEpoch(), updated.getSequence(), ts, envoy -> peers.put(envoy, updated.getSha(), holding, ts));
        } else if (value instanceof PeerRecordRemoved removed) {
            EventRules.sha(removed.getSha());
            ledger.report(key, removed.getHostname(), removed.getAgentEpoch(), removed.getSequence(), ts, envoy -> peers.put(envoy, removed.getSha(), null, ts));
        } else if (value instanceof CacheResync resync) {
            Map<String, PeerHolding> holdings = PeerTracker.holdings(resync.getPeers());
            Map<String, SeedManifest> manifests = SeedBook.manifests(resync.getSeeds());
            ledger.report(key, resync.getHostname(), resync.getAgentEpoch(), resync.getSequence(), ts, envoy -> {
                peers.replaceRange(envoy, ShaRange.ALL, holdings, ts);
                seeds.replaceRange(envoy, ShaRange.ALL, manifests, ts);
            });
        } else if (value instanceof CacheResyncPage page) {
            Map<String, PeerHolding> holdings = PeerTracker.holdings(page.getPeers());
            Map<String, SeedManifest> manifests = SeedBook.manifests(page.getSeeds());
            java.util.Set<String> shas = new java.util.HashSet<>(holdings.keySet());
            shas.addAll(manifests.keySet());
            EventRules.page(page.getFromSha(), page.getToSha(), shas);
            ShaRange range = new ShaRange(page.getFromSha(), page.getToSha());
            ledger.report(key, page.getHostname(), page.getAgentEpoch(), page.getSequence(), ts, envoy -> {
                peers.replaceRange(envoy, range, holdings, ts);
                seeds.replaceRange(envoy, range, manifests, ts);
            });
        } else if (value instanceof SeedAnnounced announced) {
            EventRules.seed(announced.getSeed());
            ledger.report(key, announced.getHostname(), announced.getAgentEpoch(), announced.getSequence(), ts, envoy -> seeds.put(envoy, announced.getSeed(), ts));
        } else if (value instanceof SeedWithdrawn withdrawn) {
            EventRules.sha(withdrawn.getSha());
            ledger.report(key, withdrawn.getHostname(), withdrawn.getAgentEpoch(), withdrawn.getSequence(), ts, envoy -> seeds.remove(envoy, withdrawn.getSha(), ts));
        } else if (value instanceof SeedManifestBroken broken) {
            SeedBook.validate(broken);
            ledger.report(key, broken.getHostname(), broken.getAgentEpoch(), broken.getSequence(), ts, envoy -> seeds.broken(envoy, broken, ts));
        } else if (value instanceof EnvoyTagged tagged) {
            ledger.tagged(key, tagged, ts);
        } else if (value instanceof EnvoyUntagged untagged) {
            ledger.untagged(key, untagged, ts);
        } else if (value instanceof EnvoyDecommissioned decommissioned) {
            liveness.decommissioned(key, decommissioned, ts);
            tasks.cancelPending(key, ts);
        } else if (value instanceof TaskAssigned assigned) {
            EventRules.hostname(key, assigned.getHostname());
            tasks.assigned(key, assigned, ts);
        } else if (value instanceof TaskResult result) {
            EventRules.taskResult(result);
            ledger.report(key, result.getHostname(), result.getAgentEpoch(), result.getSequence(), ts, envoy -> tasks.result(key, result, ts));
        } else if (value instanceof EntryStateChange change) {
            seeds.entryStateChanged(change, ts);
        } else if (value instanceof AllowlistState allowlist) {
            seeds.allowlistChanged(allowlist, ts);
        } else {
            throw new InvalidEventException(value.getSchema().getFullName() + " does not belong on "
                    + context.recordMetadata().map(m -> m.topic()).orElse("this topic"));
        }
    }

    /** The wall-clock tick: silent envoys go offline, then unclaimed tasks expire, both judged by the same "now". */
    private void sweep(long wallClockMs) {
        try {
            if (!marked) {
                tasks.markAllPending(wallClockMs);
                marked = true;
            }
            long now = liveness.sweep(wallClockMs);
            if (now > 0) {
                tasks.expireDue(now, wallClockMs);
            }
        } finally {
            history.flush();
        }
    }
}
