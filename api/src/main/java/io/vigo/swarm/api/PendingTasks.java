package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/envoys/{host}/tasks}: what an agent still has to run. Answered with an ETag;
 * an agent polling with If-None-Match gets 304 and no body while nothing changed.
 */
public record PendingTasks(String hostname, List<Task> tasks) {

    public record Task(String taskId, String verb, Instant dispatchedAt, Instant expiresAt) {
    }
}
