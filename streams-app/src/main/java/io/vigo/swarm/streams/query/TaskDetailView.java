package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.state.TaskRunState;
import io.vigo.swarm.streams.state.TaskState;
import io.vigo.swarm.streams.state.TaskTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code task status}: one task with every targeted envoy's state and result, from the partition of its id. */
final class TaskDetailView {

    private final QueryContext context;

    TaskDetailView(QueryContext context) {
        this.context = context;
    }

    /** The task from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    TaskView taskOrNull(String taskId, boolean forwarded) {
        var owner = context.router().forwardTo(StoreNames.TASKS, taskId, forwarded);
        if (owner.isPresent()) {
            try {
                return context.router().fetch(owner.get(), VigoApiClient.BASE_PATH + "/tasks/" + taskId, TaskView.class);
            } catch (NotFoundException e) {
                return null;
            }
        }
        int partition = context.stores().partitionOf(StoreNames.TASKS, taskId);
        ReadOnlyKeyValueStore<String, TaskState> tasks = partition < 0 ? null : context.stores().partition(StoreNames.TASKS, partition);
        ReadOnlyKeyValueStore<String, TaskTarget> targets = partition < 0 ? null : context.stores().partition(StoreNames.TASK_TARGETS, partition);
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
            return new TaskView(context.now(), true, context.lag(), taskId, task.getVerb(), task.getPattern(),
                    task.getTargeted(), task.getOperator(), Instant.ofEpochMilli(task.getDispatchedAtMs()),
                    task.getPending(), task.getDone(), task.getFailed(), task.getExpired(), task.getCancelled(), rows);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the task partition of " + taskId + " is restoring or moving");
        }
    }

    private static io.vigo.swarm.api.TaskState stateOf(TaskRunState state) {
        return io.vigo.swarm.api.TaskState.valueOf(state.name());
    }
}
