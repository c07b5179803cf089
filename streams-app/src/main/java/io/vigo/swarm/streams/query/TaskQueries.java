package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.TaskList;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.TaskRunState;
import io.vigo.swarm.streams.state.TaskState;
import io.vigo.swarm.streams.state.TaskTarget;
import io.vigo.swarm.streams.topology.StoreNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Tasks as operators and agents see them: one task, recent tasks, an envoy's pending tasks, dispatch targets. */
public final class TaskQueries {

    public static final int RECENT = 50;

    /** The envoys a pattern picks: the population's, and the swarm-disabled ones it would have picked. */
    public record Targets(List<String> population, List<String> swarmDisabled) {
    }

    private final LocalStores stores;
    private final LongSupplier inputLag;
    private final Clock clock;

    public TaskQueries(LocalStores stores, LongSupplier inputLag, Clock clock) {
        this.stores = stores;
        this.inputLag = inputLag;
        this.clock = clock;
    }

    /** The task, or null when no task has this id. */
    public TaskView taskOrNull(String taskId) {
        int partition = stores.partitionOf(StoreNames.TASKS, taskId);
        ReadOnlyKeyValueStore<String, TaskState> tasks = partition < 0 ? null : stores.partition(StoreNames.TASKS, partition);
        ReadOnlyKeyValueStore<String, TaskTarget> targets = partition < 0 ? null : stores.partition(StoreNames.TASK_TARGETS, partition);
        if (tasks == null || targets == null) {
            throw new ViewsUnavailableException("the task partition of " + taskId + " is not readable here yet");
        }
        try {
            TaskState task = tasks.get(taskId);
            if (task == null || !task.getDispatched()) {
                return null;
            }
            List<TaskView.Target> rows = new ArrayList<>();
            try (KeyValueIterator<String, TaskTarget> it = targets.prefixScan(Keys.prefix(taskId), new StringSerializer())) {
                it.forEachRemaining(kv -> rows.add(new TaskView.Target(Keys.second(kv.key), name(kv.value.getState()),
                        kv.value.getOutput().isEmpty() ? null : kv.value.getOutput(), Instant.ofEpochMilli(kv.value.getUpdatedAtMs()))));
            }
            rows.sort(Comparator.comparing(TaskView.Target::hostname));
            return new TaskView(clock.instant(), true, inputLag.getAsLong(), taskId, task.getVerb(), task.getPattern(),
                    task.getTargeted(), task.getOperator(), Instant.ofEpochMilli(task.getDispatchedAtMs()),
                    task.getPending(), task.getDone(), task.getFailed(), task.getExpired(), task.getCancelled(), rows);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the task partition of " + taskId + " is restoring or moving");
        }
    }

    public TaskView task(String taskId) {
        TaskView task = taskOrNull(taskId);
        if (task == null) {
            throw new NotFoundException("no task with id " + taskId);
        }
        return task;
    }

    public TaskList recent() {
        List<TaskList.Summary> all = new ArrayList<>();
        int answered = 0;
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<String, TaskState> tasks = stores.partition(StoreNames.TASKS, partition);
            if (tasks == null) {
                continue;
            }
            try (KeyValueIterator<String, TaskState> it = tasks.all()) {
                it.forEachRemaining(kv -> {
                    TaskState t = kv.value;
                    if (t.getDispatched()) {
                        all.add(new TaskList.Summary(t.getTaskId(), t.getVerb(), t.getPattern(), t.getTargeted(),
                                Instant.ofEpochMilli(t.getDispatchedAtMs()), t.getPending(), t.getDone(), t.getFailed(),
                                t.getExpired(), t.getCancelled()));
                    }
                });
                answered++;
            } catch (InvalidStateStoreException e) {
                // not covered
            }
        }
        if (answered == 0) {
            throw new ViewsUnavailableException("the task views are not ready yet");
        }
        List<TaskList.Summary> recent = all.stream()
                .sorted(Comparator.comparing(TaskList.Summary::dispatchedAt).reversed().thenComparing(TaskList.Summary::taskId))
                .limit(RECENT).toList();
        return new TaskList(clock.instant(), answered == stores.partitions(), inputLag.getAsLong(), recent);
    }

    public PendingTasks pending(String hostname) {
        int partition = stores.partitionOf(StoreNames.ENVOY_TASKS, hostname);
        ReadOnlyKeyValueStore<String, EnvoyTask> tasks = partition < 0 ? null : stores.partition(StoreNames.ENVOY_TASKS, partition);
        if (tasks == null) {
            throw new ViewsUnavailableException("the partition of " + hostname + " is not readable here yet");
        }
        List<PendingTasks.Task> pending = new ArrayList<>();
        try (KeyValueIterator<String, EnvoyTask> it = tasks.prefixScan(Keys.prefix(hostname), new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value.getState() == TaskRunState.PENDING) {
                    pending.add(new PendingTasks.Task(Keys.second(kv.key), kv.value.getVerb(),
                            Instant.ofEpochMilli(kv.value.getDispatchedAtMs()), Instant.ofEpochMilli(kv.value.getExpiresAtMs())));
                }
            });
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the partition of " + hostname + " is restoring or moving");
        }
        pending.sort(Comparator.comparing(PendingTasks.Task::dispatchedAt).thenComparing(PendingTasks.Task::taskId));
        return new PendingTasks(hostname, pending);
    }

    /** Every envoy of the population the pattern matches; needs every partition, or it would miss some. */
    public Targets targets(HostPattern pattern) {
        List<String> population = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<String, EnvoyState> fleet = stores.partition(StoreNames.FLEET_INDEX, partition);
            if (fleet == null) {
                throw new ViewsUnavailableException("partition " + partition + " of the fleet is not readable here; cannot choose targets");
            }
            try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
                it.forEachRemaining(kv -> {
                    if (!pattern.matches(kv.key) || !kv.value.getKnown() || kv.value.getLastSeenMs() == 0) {
                        return;
                    }
                    (FleetContribution.inPopulation(kv.value) ? population : disabled).add(kv.key);
                });
            } catch (InvalidStateStoreException e) {
                throw new ViewsUnavailableException("partition " + partition + " of the fleet moved; try again");
            }
        }
        population.sort(null);
        disabled.sort(null);
        return new Targets(population, disabled);
    }

    private static String name(TaskRunState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
