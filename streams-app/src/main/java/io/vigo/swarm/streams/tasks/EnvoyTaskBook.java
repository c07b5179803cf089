package io.vigo.swarm.streams.tasks;

import io.vigo.swarm.events.TaskAssigned;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.state.DeadlineIndex;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.TaskRunState;
import io.vigo.swarm.streams.state.TaskTargetUpdate;
import io.vigo.swarm.streams.state.SinkNames;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.api.Etags;
import io.vigo.swarm.streams.state.TaskMark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The envoy side's book of tasks, partitioned by hostname: what each envoy was assigned, what it
 * reported, and the TTL deadlines that turn an unclaimed task expired. Every change of an
 * envoy's state of a task is told to the task side ({@code task-updates}, keyed by task id), and
 * every change of its pending set to the gateways ({@code task-marks}: the ETag its agent's next
 * poll is compared with, so an unchanged poll is answered by the gateway and never reaches here).
 */
public final class EnvoyTaskBook {


    private final ProcessorContext<String, SpecificRecord> context;
    private final KeyValueStore<String, EnvoyTask> tasks;
    private final DeadlineIndex deadlines;

    private final HostHistory history;

    public EnvoyTaskBook(ProcessorContext<String, SpecificRecord> context, HostHistory history) {
        this.context = context;
        this.history = history;
        this.tasks = context.getStateStore(StoreNames.ENVOY_TASKS);
        this.deadlines = new DeadlineIndex(context.getStateStore(StoreNames.TASK_DEADLINES));
    }

    /** A new assignment; a repeated one changes nothing. */
    public void assigned(String host, TaskAssigned event, long ts) {
        EventRules.taskId(event.getTaskId());
        String key = Keys.pair(host, event.getTaskId());
        if (tasks.get(key) != null) {
            return;
        }
        long expiresAt = event.getExpiresAt().toEpochMilli();
        deadlines.put(expiresAt, key);
        change(key, new EnvoyTask(event.getVerb(), TaskRunState.PENDING, event.getDispatchedAt().toEpochMilli(), expiresAt, ""), ts, ts);
        mark(host, ts);
    }

    /** The envoy ran the task: done or failed, with its output. A result for an unknown task is ignored. */
    public void result(String host, TaskResult event, long ts) {
        String key = Keys.pair(host, event.getTaskId());
        EnvoyTask task = tasks.get(key);
        if (task == null || task.getState() == TaskRunState.DONE || task.getState() == TaskRunState.FAILED) {
            return; // unknown, or already reported: a task has one result per envoy
        }
        TaskRunState state = event.getOutcome() == TaskOutcome.DONE ? TaskRunState.DONE : TaskRunState.FAILED;
        deadlines.delete(task.getExpiresAtMs(), key);
        change(key, EnvoyTask.newBuilder(task).setState(state).setOutput(event.getOutput()).build(), ts, ts);
        if (task.getState() == TaskRunState.PENDING) {
            mark(host, ts);
        }
    }

    /** A decommissioned envoy will not run what it has not run yet. */
    public void cancelPending(String host, long ts) {
        List<KeyValue<String, EnvoyTask>> pending = pending(tasks, host);
        for (KeyValue<String, EnvoyTask> kv : pending) {
            String key = Keys.pair(host, kv.key);
            deadlines.delete(kv.value.getExpiresAtMs(), key);
            change(key, EnvoyTask.newBuilder(kv.value).setState(TaskRunState.CANCELLED).build(), ts, ts);
        }
        if (!pending.isEmpty()) {
            mark(host, ts);
        }
    }

    /** Marks expired every pending task whose TTL ran out by {@code now}. */
    public void expireDue(long now, long ts) {
        Set<String> changed = new LinkedHashSet<>();
        for (KeyValue<Bytes, String> entry : deadlines.takeDue(now)) {
            EnvoyTask task = tasks.get(entry.value);
            if (task != null && task.getState() == TaskRunState.PENDING) {
                change(entry.value, EnvoyTask.newBuilder(task).setState(TaskRunState.EXPIRED).build(), ts, task.getExpiresAtMs());
                changed.add(Keys.first(entry.value));
            }
        }
        changed.forEach(host -> mark(host, ts));
    }

    /**
     * Marks every host of this partition that has tasks pending, once when the task starts: a
     * gateway takes a host without a mark for one with nothing pending, so a mark lost (the topic
     * recreated, tasks assigned by a version that wrote none) would hide its tasks for good.
     */
    public void markAllPending(long ts) {
        Set<String> hosts = new LinkedHashSet<>();
        try (KeyValueIterator<String, EnvoyTask> it = tasks.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getState() == TaskRunState.PENDING) {
                    hosts.add(Keys.first(kv.key));
                }
            });
        }
        hosts.forEach(host -> mark(host, ts));
    }

    /**
     * The host's pending tasks in the order its agent is answered (dispatched, then task id), each
     * as (task id, task). The answer's ETag and the host's mark are both computed over this list.
     */
    public static List<KeyValue<String, EnvoyTask>> pending(ReadOnlyKeyValueStore<String, EnvoyTask> tasks, String host) {
        List<KeyValue<String, EnvoyTask>> pending = new ArrayList<>();
        try (KeyValueIterator<String, EnvoyTask> it = tasks.prefixScan(Keys.prefix(host), new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value.getState() == TaskRunState.PENDING) {
                    pending.add(KeyValue.pair(Keys.second(kv.key), kv.value));
                }
            });
        }
        pending.sort(Comparator.<KeyValue<String, EnvoyTask>>comparingLong(kv -> kv.value.getDispatchedAtMs()).thenComparing(kv -> kv.key));
        return pending;
    }

    /** Tells the gateways the ETag of the host's pending tasks as they now are; a tombstone when none is pending. */
    private void mark(String host, long ts) {
        List<String> ids = pending(tasks, host).stream().map(kv -> kv.key).toList();
        context.forward(new Record<String, SpecificRecord>(host, ids.isEmpty() ? null : new TaskMark(Etags.of(ids)), ts), SinkNames.TASK_MARKS);
    }

    /**
     * Stores the envoy's task as it now is, tells the task side, and records the change in the
     * envoy's timeline and versions at {@code effectiveMs} (an expiry: when the TTL ran out).
     */
    private void change(String key, EnvoyTask task, long ts, long effectiveMs) {
        String host = Keys.first(key);
        String taskId = Keys.second(key);
        TaskRunState state = task.getState();
        tasks.put(key, task);
        history.record(host, RecordKind.TASK, taskId, task, effectiveMs);
        history.note(host, effectiveMs, "task-" + (state == TaskRunState.PENDING ? "assigned" : state.name().toLowerCase(java.util.Locale.ROOT)),
                taskId, task.getOutput());
        context.forward(new Record<String, SpecificRecord>(taskId, new TaskTargetUpdate(taskId, host, state, task.getOutput(), ts), ts),
                SinkNames.TASK_UPDATES);
    }
}
