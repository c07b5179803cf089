package io.vigo.swarm.envoy.tasks;

import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.VigoApiClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pending tasks from the HTTP API with conditional requests: each envoy's last answer and its ETag
 * are kept, so a poll that finds nothing new costs a 304 without a body.
 */
public final class ApiTaskInbox implements TaskInbox {

    private final VigoApiClient api;
    private final Map<String, VigoApiClient.Tagged<PendingTasks>> last = new ConcurrentHashMap<>();

    public ApiTaskInbox(VigoApiClient api) {
        this.api = api;
    }

    @Override
    public List<PendingTasks.Task> pending(String hostname) {
        VigoApiClient.Tagged<PendingTasks> previous = last.get(hostname);
        VigoApiClient.Tagged<PendingTasks> fresh = api.pendingTasks(hostname, previous == null ? null : previous.etag());
        if (fresh == null) {
            return previous.value().tasks(); // 304: unchanged
        }
        last.put(hostname, fresh);
        return fresh.value().tasks();
    }
}
