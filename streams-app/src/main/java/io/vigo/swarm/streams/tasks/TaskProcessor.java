package io.vigo.swarm.streams.tasks;

import io.vigo.swarm.events.TaskDispatched;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.TaskRunState;
import io.vigo.swarm.streams.state.TaskState;
import io.vigo.swarm.streams.state.TaskTarget;
import io.vigo.swarm.streams.state.TaskTargetUpdate;
import io.vigo.swarm.streams.state.StoreNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task side, partitioned by task id: each task with its per-state counts, and one target
 * record per envoy. Updates can overtake the dispatch record (different topics); the task's
 * counts are kept from the first update and its description filled in when the dispatch arrives.
 */
public final class TaskProcessor implements Processor<String, SpecificRecord, Void, Void> {

    private KeyValueStore<String, TaskState> tasks;
    private KeyValueStore<String, TaskTarget> targets;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.tasks = context.getStateStore(StoreNames.TASKS);
        this.targets = context.getStateStore(StoreNames.TASK_TARGETS);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof TaskDispatched dispatched) {
            dispatched(record.key(), dispatched);
        } else if (record.value() instanceof TaskTargetUpdate update) {
            updated(update);
        } else {
            throw new InvalidEventException((record.value() == null ? "a null value" : record.value().getSchema().getFullName())
                    + " does not belong on the task topics");
        }
    }

    private void dispatched(String key, TaskDispatched event) {
        EventRules.taskId(event.getTaskId());
        if (!event.getTaskId().equals(key)) {
            throw new InvalidEventException("record key \"" + key + "\" differs from the task id");
        }
        EventRules.text("verb", event.getVerb());
        EventRules.pattern("pattern", event.getPattern());
        TaskState task = orNew(key);
        if (task.getDispatched()) {
            return;
        }
        tasks.put(key, TaskState.newBuilder(task)
                .setVerb(event.getVerb()).setPattern(event.getPattern()).setTargeted(event.getTargeted())
                .setOperator(event.getOperator()).setDispatchedAtMs(event.getDispatchedAt().toEpochMilli())
                .setDispatched(true).build());
    }

    private void updated(TaskTargetUpdate update) {
        String key = Keys.pair(update.getTaskId(), update.getHostname());
        TaskTarget old = targets.get(key);
        if (old != null && old.getState() == update.getState()) {
            return;
        }
        targets.put(key, new TaskTarget(update.getState(), update.getOutput(), update.getAtMs()));
        TaskState task = TaskState.newBuilder(orNew(update.getTaskId())).build();
        if (old != null) {
            count(task, old.getState(), -1);
        }
        count(task, update.getState(), +1);
        tasks.put(update.getTaskId(), task);
    }

    private TaskState orNew(String taskId) {
        TaskState task = tasks.get(taskId);
        return task != null ? task : TaskState.newBuilder().setTaskId(taskId).build();
    }

    private static void count(TaskState task, TaskRunState state, int delta) {
        switch (state) {
            case PENDING -> task.setPending(task.getPending() + delta);
            case DONE -> task.setDone(task.getDone() + delta);
            case FAILED -> task.setFailed(task.getFailed() + delta);
            case EXPIRED -> task.setExpired(task.getExpired() + delta);
            case CANCELLED -> task.setCancelled(task.getCancelled() + delta);
        }
    }
}
