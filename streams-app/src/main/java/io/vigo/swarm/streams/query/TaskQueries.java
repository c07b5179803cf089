package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.TaskList;
import io.vigo.swarm.api.TaskView;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Tasks as operators and agents see them, one view each: one task, recent tasks, an envoy's
 * pending tasks, and the envoys a dispatch targets.
 */
public final class TaskQueries {

    public static final int RECENT = TaskListView.RECENT;

    /** The envoys a pattern picks: the population's, and the swarm-disabled ones it would have picked. */
    public record Targets(List<String> population, List<String> swarmDisabled) {
    }

    private final TaskDetailView task;
    private final TaskListView list;
    private final PendingTasksView pending;
    private final DispatchTargetsView targets;

    /** Task queries of one instance that answers alone. */
    public TaskQueries(LocalStores stores, LongSupplier inputLag, Clock clock) {
        this(QueryContext.alone(stores, inputLag, clock));
    }

    public TaskQueries(LocalStores stores, Partials partials, KeyRouter router, LongSupplier inputLag, Clock clock) {
        this(new QueryContext(stores, partials, router, inputLag, clock, CheckInLog.NONE));
    }

    private TaskQueries(QueryContext context) {
        this.task = new TaskDetailView(context);
        this.list = new TaskListView(context);
        this.pending = new PendingTasksView(context);
        this.targets = new DispatchTargetsView(context);
    }

    /** The task, or null when no task has this id. */
    public TaskView taskOrNull(String taskId) {
        return taskOrNull(taskId, false);
    }

    /** The task from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    public TaskView taskOrNull(String taskId, boolean forwarded) {
        return task.taskOrNull(taskId, forwarded);
    }

    public TaskView task(String taskId) {
        return task(taskId, false);
    }

    public TaskView task(String taskId, boolean forwarded) {
        TaskView found = taskOrNull(taskId, forwarded);
        if (found == null) {
            throw new NotFoundException("no task with id " + taskId);
        }
        return found;
    }

    public TaskList recent() {
        return list.recent();
    }

    public PendingTasks pending(String hostname) {
        return pending(hostname, false);
    }

    public PendingTasks pending(String hostname, boolean forwarded) {
        return pending.pending(hostname, forwarded);
    }

    /** Every envoy of the population the pattern matches; needs every partition, or it would miss some. */
    public Targets targets(HostPattern pattern) {
        return targets.targets(pattern);
    }
}
