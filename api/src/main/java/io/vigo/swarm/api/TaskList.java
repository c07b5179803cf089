package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/tasks}: the most recent tasks (at most 50), newest first. */
public record TaskList(Instant generatedAt, boolean complete, long inputLagRecords, List<Summary> tasks) implements Answer {

    public record Summary(String taskId, String verb, String pattern, int targeted, Instant dispatchedAt,
            int pending, int done, int failed, int expired, int cancelled) {
    }
}
