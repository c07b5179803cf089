package io.vigo.swarm.envoy.tasks;

import io.vigo.swarm.api.PendingTasks;
import java.util.List;

/** Where an envoy learns what it still has to run. */
@FunctionalInterface
public interface TaskInbox {

    List<PendingTasks.Task> pending(String hostname);

    TaskInbox EMPTY = hostname -> List.of();
}
