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
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /** One partition's dispatched tasks. */
    record SummariesPart(List<TaskList.Summary> summaries) {
    }

    /** One partition's envoys a dispatch could pick: the population's and the swarm-disabled ones. */
    record TargetsPart(List<String> population, List<String> swarmDisabled) {
    }

    private final LocalStores stores;
    private final Partials partials;
    private final KeyRouter router;
    private final LongSupplier inputLag;
    private final Clock clock;
    private final PartialQuery<PartialQuery.NoArgument, SummariesPart> taskSummaries;
    private final PartialQuery<PartialQuery.NoArgument, TargetsPart> dispatchTargets;

    /** Task queries of one instance that answers alone. */
    public TaskQueries(LocalStores stores, LongSupplier inputLag, Clock clock) {
        this(stores, Partials.alone(stores), new KeyRouter(KeyRouter.ALWAYS_LOCAL), inputLag, clock);
    }

    public TaskQueries(LocalStores stores, Partials partials, KeyRouter router, LongSupplier inputLag, Clock clock) {
        this.stores = stores;
        this.partials = partials;
        this.router = router;
        this.inputLag = inputLag;
        this.clock = clock;
        this.taskSummaries = PartialQuery.of("task-summaries", SummariesPart.class, partition -> {
            ReadOnlyKeyValueStore<String, TaskState> tasks = stores.partition(StoreNames.TASKS, partition);
            if (tasks == null) {
                return null;
            }
            List<TaskList.Summary> summaries = new ArrayList<>();
            try (KeyValueIterator<String, TaskState> it = tasks.all()) {
                it.forEachRemaining(kv -> {
                    TaskState t = kv.value;
                    if (t.getDispatched()) {
                        summaries.add(new TaskList.Summary(t.getTaskId(), t.getVerb(), t.getPattern(), t.getTargeted(),
                                Instant.ofEpochMilli(t.getDispatchedAtMs()), t.getPending(), t.getDone(), t.getFailed(),
                                t.getExpired(), t.getCancelled()));
                    }
                });
            }
            return new SummariesPart(summaries);
        });
        this.dispatchTargets = PartialQuery.of("dispatch-targets", TargetsPart.class, partition -> {
            ReadOnlyKeyValueStore<String, EnvoyState> fleet = stores.partition(StoreNames.FLEET_INDEX, partition);
            if (fleet == null) {
                return null;
            }
            List<String> population = new ArrayList<>();
            List<String> disabled = new ArrayList<>();
            try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value.getKnown() && kv.value.getLastSeenMs() > 0) {
                        (FleetContribution.inPopulation(kv.value) ? population : disabled).add(kv.key);
                    }
                });
            }
            return new TargetsPart(population, disabled);
        });
        partials.register(taskSummaries);
        partials.register(dispatchTargets);
    }

    /** The task, or null when no task has this id. */
    public TaskView taskOrNull(String taskId) {
        return taskOrNull(taskId, false);
    }

    /** The task from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    public TaskView taskOrNull(String taskId, boolean forwarded) {
        var owner = router.forwardTo(StoreNames.TASKS, taskId, forwarded);
        if (owner.isPresent()) {
            try {
                return router.fetch(owner.get(), io.vigo.swarm.api.VigoApiClient.BASE_PATH + "/tasks/" + taskId, TaskView.class);
            } catch (NotFoundException e) {
                return null;
            }
        }
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
                it.forEachRemaining(kv -> rows.add(new TaskView.Target(Keys.second(kv.key), stateOf(kv.value.getState()),
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
        return task(taskId, false);
    }

    public TaskView task(String taskId, boolean forwarded) {
        TaskView task = taskOrNull(taskId, forwarded);
        if (task == null) {
            throw new NotFoundException("no task with id " + taskId);
        }
        return task;
    }

    public TaskList recent() {
        Partials.Gathered<SummariesPart> summaries = partials.gather(taskSummaries);
        if (summaries.byPartition().isEmpty()) {
            throw new ViewsUnavailableException("the task views are not ready yet");
        }
        List<TaskList.Summary> recent = summaries.byPartition().values().stream().flatMap(part -> part.summaries().stream())
                .sorted(Comparator.comparing(TaskList.Summary::dispatchedAt).reversed().thenComparing(TaskList.Summary::taskId))
                .limit(RECENT).toList();
        return new TaskList(clock.instant(), summaries.complete(), inputLag.getAsLong(), recent);
    }

    public PendingTasks pending(String hostname) {
        return pending(hostname, false);
    }

    public PendingTasks pending(String hostname, boolean forwarded) {
        var owner = router.forwardTo(StoreNames.ENVOY_TASKS, hostname, forwarded);
        if (owner.isPresent()) {
            return router.fetch(owner.get(), io.vigo.swarm.api.VigoApiClient.BASE_PATH + "/envoys/" + hostname + "/tasks", PendingTasks.class);
        }
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
        Partials.Gathered<TargetsPart> envoys = partials.gather(dispatchTargets);
        if (!envoys.complete()) {
            throw new ViewsUnavailableException("not every partition of the fleet answered; cannot choose targets, try again");
        }
        List<String> population = envoys.byPartition().values().stream().flatMap(part -> part.population().stream())
                .filter(pattern::matches).sorted().toList();
        List<String> disabled = envoys.byPartition().values().stream().flatMap(part -> part.swarmDisabled().stream())
                .filter(pattern::matches).sorted().toList();
        return new Targets(population, disabled);
    }

    private static io.vigo.swarm.api.TaskState stateOf(TaskRunState state) {
        return io.vigo.swarm.api.TaskState.valueOf(state.name());
    }
}
