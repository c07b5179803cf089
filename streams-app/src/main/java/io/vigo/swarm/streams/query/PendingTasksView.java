package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.tasks.EnvoyTaskBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** An envoy's pending tasks, as its agent polls them (through a gateway), from the partition of its hostname. */
final class PendingTasksView {

    private final QueryContext context;

    PendingTasksView(QueryContext context) {
        this.context = context;
    }

    PendingTasks pending(String hostname, boolean forwarded) {
        var owner = context.router().forwardTo(StoreNames.ENVOY_TASKS, hostname, forwarded);
        if (owner.isPresent()) {
            return context.router().fetch(owner.get(), VigoApiClient.BASE_PATH + "/envoys/" + hostname + "/tasks", PendingTasks.class);
        }
        int partition = context.stores().partitionOf(StoreNames.ENVOY_TASKS, hostname);
        ReadOnlyKeyValueStore<String, EnvoyTask> tasks = partition < 0 ? null : context.stores().partition(StoreNames.ENVOY_TASKS, partition);
        if (tasks == null) {
            throw new ViewsUnavailableException("the partition of " + hostname + " is not readable here yet");
        }
        List<PendingTasks.Task> pending = new ArrayList<>();
        try {
            for (KeyValue<String, EnvoyTask> task : EnvoyTaskBook.pending(tasks, hostname)) {
                pending.add(new PendingTasks.Task(task.key, task.value.getVerb(),
                        Instant.ofEpochMilli(task.value.getDispatchedAtMs()), Instant.ofEpochMilli(task.value.getExpiresAtMs())));
            }
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the partition of " + hostname + " is restoring or moving");
        }
        return new PendingTasks(hostname, pending);
    }
}
