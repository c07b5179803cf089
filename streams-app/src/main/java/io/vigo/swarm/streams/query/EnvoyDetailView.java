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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code envoys show}: one envoy with its seeds, broken manifests, tasks and blobs, all from the
 * partition of its hostname, on the instance that owns it.
 */
final class EnvoyDetailView {

    private final QueryContext context;

    EnvoyDetailView(QueryContext context) {
        this.context = context;
    }

    /** One envoy, from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    EnvoyDetail envoy(String hostname, boolean forwarded) {
        var owner = context.router().forwardTo(StoreNames.FLEET_INDEX, hostname, forwarded);
        if (owner.isPresent()) {
            return context.router().fetch(owner.get(), VigoApiClient.BASE_PATH + "/envoys/" + hostname, EnvoyDetail.class);
        }
        int partition = context.stores().partitionOf(StoreNames.FLEET_INDEX, hostname);
        if (partition < 0) {
            throw new ViewsUnavailableException("no instance owns the partition of " + hostname + " yet");
        }
        try {
            return read(hostname, partition);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("partition " + partition + " is restoring or moving");
        }
    }

    private EnvoyDetail read(String hostname, int partition) {
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.stores().partition(StoreNames.FLEET_INDEX, partition);
        if (fleet == null) {
            throw new ViewsUnavailableException("partition " + partition + " of " + StoreNames.FLEET_INDEX + " is not readable here");
        }
        EnvoyState envoy = fleet.get(hostname);
        if (envoy == null || envoy.getLastSeenMs() == 0) {
            throw new NotFoundException("no envoy named " + hostname + " has checked in");
        }
        List<EnvoyDetail.Seed> seeds = new ArrayList<>();
        this.<HostSeed>scan(StoreNames.ENVOY_SEEDS, partition, hostname, kv -> seeds.add(new EnvoyDetail.Seed(Keys.second(kv.key),
                kv.value.getLabel(), kv.value.getSubsystem(), kv.value.getSizeBytes(), kv.value.getAllowed(),
                EntryState.valueOf(kv.value.getEntryState().name()))));
        List<EnvoyDetail.SeedProblem> problems = new ArrayList<>();
        this.<SeedProblem>scan(StoreNames.SEED_PROBLEMS, partition, hostname,
                kv -> problems.add(new EnvoyDetail.SeedProblem(Keys.second(kv.key), kv.value.getReason())));
        List<PendingTasks.Task> pending = new ArrayList<>();
        List<EnvoyDetail.TaskRun> runs = new ArrayList<>();
        this.<EnvoyTask>scan(StoreNames.ENVOY_TASKS, partition, hostname, kv -> {
            EnvoyTask task = kv.value;
            Instant dispatched = Instant.ofEpochMilli(task.getDispatchedAtMs());
            Instant expires = Instant.ofEpochMilli(task.getExpiresAtMs());
            if (task.getState() == TaskRunState.PENDING) {
                pending.add(new PendingTasks.Task(Keys.second(kv.key), task.getVerb(), dispatched, expires));
            }
            runs.add(new EnvoyDetail.TaskRun(Keys.second(kv.key), task.getVerb(), TaskState.valueOf(task.getState().name()),
                    dispatched, expires, task.getOutput()));
        });
        runs.sort(Comparator.comparing(EnvoyDetail.TaskRun::dispatchedAt).reversed().thenComparing(EnvoyDetail.TaskRun::taskId));
        List<EnvoyDetail.Blob> blobs = new ArrayList<>();
        this.<PeerHolding>scan(StoreNames.PEER_RECORDS, partition, hostname, kv -> blobs.add(new EnvoyDetail.Blob(Keys.second(kv.key),
                kv.value.getCached() ? "cached" : "downloading", kv.value.getBytes())));
        EnvoyColor color = EnvoyRows.color(envoy);
        return new EnvoyDetail(context.now(), true, context.lag(), hostname, EnvoyRows.status(envoy), EnvoyRows.lastSeen(envoy),
                envoy.getIntervalMs(), envoy.getAgentVersion(), envoy.getSwarmEnabled(), envoy.getClockSkewMs(),
                !envoy.getKnown(), EnvoyRows.substrate(envoy), envoy.getSeeding(), envoy.getCached(), envoy.getDownloading(),
                envoy.getFootprintBytes(), Map.copyOf(envoy.getTags()), color.hex(), color.pinned(), seeds, problems, pending, blobs, runs);
    }

    /** Every "host|…" entry of the host in one store of its partition, in key order. */
    private <V> void scan(String store, int partition, String hostname, Consumer<KeyValue<String, V>> each) {
        ReadOnlyKeyValueStore<String, V> readable = context.stores().partition(store, partition);
        if (readable == null) {
            throw new ViewsUnavailableException("partition " + partition + " is not readable here");
        }
        try (KeyValueIterator<String, V> it = readable.prefixScan(Keys.prefix(hostname), new StringSerializer())) {
            it.forEachRemaining(each);
        }
    }
}
