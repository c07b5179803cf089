package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.TaskList;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code task list}: the most recent dispatched tasks with their counts, from every task partition. */
final class TaskListView {

    static final int RECENT = 50;

    /** One partition's dispatched tasks. */
    record Part(List<TaskList.Summary> summaries) {
    }

    private final QueryContext context;
    final PartialQuery<PartialQuery.NoArgument, Part> taskSummaries;

    TaskListView(QueryContext context) {
        this.context = context;
        this.taskSummaries = PartialQuery.of("task-summaries", Part.class, partition -> {
            ReadOnlyKeyValueStore<String, TaskState> tasks = context.stores().partition(StoreNames.TASKS, partition);
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
            return new Part(summaries);
        });
        context.partials().register(taskSummaries);
    }

    TaskList recent() {
        Partials.Gathered<Part> parts = context.partials().gather(taskSummaries);
        if (parts.byPartition().isEmpty()) {
            throw new ViewsUnavailableException("the task views are not ready yet");
        }
        List<TaskList.Summary> recent = parts.byPartition().values().stream().flatMap(part -> part.summaries().stream())
                .sorted(Comparator.comparing(TaskList.Summary::dispatchedAt).reversed().thenComparing(TaskList.Summary::taskId))
                .limit(RECENT).toList();
        return new TaskList(context.now(), parts.complete(), context.lag(), recent);
    }
}
