package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EnvoyColor;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EntryState;
import io.vigo.swarm.api.TaskState;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.SeedProblem;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.state.TaskRunState;
import io.vigo.swarm.api.Moments;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.history.StoredMoment;
import io.vigo.swarm.streams.state.RecordKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code envoys show}: one envoy with its seeds, broken manifests, tasks and blobs, all from the
 * partition of its hostname, on the instance that owns it; now, or as of a moment from the envoy's
 * versions and its records' versions.
 */
final class EnvoyDetailView {

    private final QueryContext context;
    private final Duration horizon;

    EnvoyDetailView(QueryContext context, Duration horizon) {
        this.context = context;
        this.horizon = horizon;
    }

    /** One envoy, from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    EnvoyDetail envoy(String hostname, boolean forwarded) {
        return envoy(hostname, null, forwarded);
    }

    /**
     * One envoy now, or as of {@code at} (null: now; SPEC §12): its version then, its records then,
     * and, when it was online by its version, its last check-in up to then from the topic.
     */
    EnvoyDetail envoy(String hostname, Instant moment, boolean forwarded) {
        Instant at = moment == null ? null : moment.truncatedTo(ChronoUnit.MILLIS); // history's resolution
        if (at != null) {
            HistoryView.requireWithinHorizon("at", at, context.now(), horizon);
        }
        String path = VigoApiClient.BASE_PATH + "/envoys/" + hostname + (at == null ? "" : "?at=" + Moments.rfc3339(at));
        var owner = context.router().forwardTo(StoreNames.FLEET_INDEX, hostname, forwarded);
        if (owner.isPresent()) {
            return context.router().fetch(owner.get(), path, EnvoyDetail.class);
        }
        int partition = context.stores().partitionOf(StoreNames.FLEET_INDEX, hostname);
        if (partition < 0) {
            throw new ViewsUnavailableException("no instance owns the partition of " + hostname + " yet");
        }
        try {
            return at == null ? read(hostname, partition) : readAt(hostname, partition, at);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("partition " + partition + " is restoring or moving");
        }
    }

    private EnvoyDetail read(String hostname, int partition) {
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = readable(StoreNames.FLEET_INDEX, partition);
        EnvoyState envoy = fleet.get(hostname);
        if (envoy == null || envoy.getLastSeenMs() == 0) {
            throw new NotFoundException("no envoy named " + hostname + " has checked in");
        }
        Map<RecordKind, Map<String, SpecificRecord>> records = new EnumMap<>(RecordKind.class);
        records.put(RecordKind.SEED, scan(StoreNames.ENVOY_SEEDS, partition, hostname));
        records.put(RecordKind.PROBLEM, scan(StoreNames.SEED_PROBLEMS, partition, hostname));
        records.put(RecordKind.TASK, scan(StoreNames.ENVOY_TASKS, partition, hostname));
        records.put(RecordKind.PEER, scan(StoreNames.PEER_RECORDS, partition, hostname));
        return detail(envoy, records, null);
    }

    private EnvoyDetail readAt(String hostname, int partition, Instant at) {
        ReadOnlyKeyValueStore<Bytes, StoredMoment> history = readable(StoreNames.ENVOY_HISTORY, partition);
        long start = HostHistory.startedAt(history);
        if (at.toEpochMilli() < start) {
            throw new HistoryRequestException(at + " is before the envoys' history starts (" + Instant.ofEpochMilli(start) + ")");
        }
        EnvoyState version = HostHistory.envoyAsOf(history, hostname, at.toEpochMilli());
        if (version == null || version.getLastSeenMs() == 0) {
            throw new NotFoundException("no envoy named " + hostname + " had checked in by " + at);
        }
        EnvoyState envoy = EnvoysAt.withCheckIns(context.checkIns(), partition, List.of(version), at.toEpochMilli()).get(0);
        return detail(envoy, HostHistory.recordsAsOf(history, hostname, at.toEpochMilli()), at);
    }

    /** The detail of an envoy from its state and its records by kind (subject → record). */
    private EnvoyDetail detail(EnvoyState envoy, Map<RecordKind, Map<String, SpecificRecord>> records, Instant asOf) {
        List<EnvoyDetail.Seed> seeds = new ArrayList<>();
        records.get(RecordKind.SEED).forEach((sha, value) -> {
            HostSeed seed = (HostSeed) value;
            seeds.add(new EnvoyDetail.Seed(sha, seed.getLabel(), seed.getSubsystem(), seed.getSizeBytes(), seed.getAllowed(),
                    EntryState.valueOf(seed.getEntryState().name())));
        });
        List<EnvoyDetail.SeedProblem> problems = new ArrayList<>();
        records.get(RecordKind.PROBLEM).forEach((path, value) -> problems.add(new EnvoyDetail.SeedProblem(path, ((SeedProblem) value).getReason())));
        List<PendingTasks.Task> pending = new ArrayList<>();
        List<EnvoyDetail.TaskRun> runs = new ArrayList<>();
        records.get(RecordKind.TASK).forEach((taskId, value) -> {
            EnvoyTask task = (EnvoyTask) value;
            Instant dispatched = Instant.ofEpochMilli(task.getDispatchedAtMs());
            Instant expires = Instant.ofEpochMilli(task.getExpiresAtMs());
            if (task.getState() == TaskRunState.PENDING) {
                pending.add(new PendingTasks.Task(taskId, task.getVerb(), dispatched, expires));
            }
            runs.add(new EnvoyDetail.TaskRun(taskId, task.getVerb(), TaskState.valueOf(task.getState().name()), dispatched, expires, task.getOutput()));
        });
        runs.sort(Comparator.comparing(EnvoyDetail.TaskRun::dispatchedAt).reversed().thenComparing(EnvoyDetail.TaskRun::taskId));
        List<EnvoyDetail.Blob> blobs = new ArrayList<>();
        records.get(RecordKind.PEER).forEach((sha, value) -> {
            PeerHolding holding = (PeerHolding) value;
            blobs.add(new EnvoyDetail.Blob(sha, holding.getCached() ? "cached" : "downloading", holding.getBytes()));
        });
        EnvoyColor color = EnvoyRows.color(envoy);
        return new EnvoyDetail(context.now(), true, context.lag(), envoy.getHostname(), EnvoyRows.status(envoy), EnvoyRows.lastSeen(envoy),
                envoy.getIntervalMs(), envoy.getAgentVersion(), envoy.getSwarmEnabled(), envoy.getClockSkewMs(),
                !envoy.getKnown(), EnvoyRows.substrate(envoy), envoy.getSeeding(), envoy.getCached(), envoy.getDownloading(),
                envoy.getFootprintBytes(), Map.copyOf(envoy.getTags()), color.hex(), color.pinned(), seeds, problems, pending, blobs, runs, asOf);
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> readable(String store, int partition) {
        ReadOnlyKeyValueStore<K, V> readable = context.stores().partition(store, partition);
        if (readable == null) {
            throw new ViewsUnavailableException("partition " + partition + " of " + store + " is not readable here");
        }
        return readable;
    }

    /** Every "host|…" entry of the host in one store of its partition, by subject (the key after the bar). */
    private Map<String, SpecificRecord> scan(String store, int partition, String hostname) {
        ReadOnlyKeyValueStore<String, SpecificRecord> readable = readable(store, partition);
        Map<String, SpecificRecord> bySubject = new TreeMap<>();
        try (KeyValueIterator<String, SpecificRecord> it = readable.prefixScan(Keys.prefix(hostname), new StringSerializer())) {
            it.forEachRemaining(kv -> bySubject.put(Keys.second(kv.key), kv.value));
        }
        return bySubject;
    }
}
