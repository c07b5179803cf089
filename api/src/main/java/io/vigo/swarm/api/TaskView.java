package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/tasks/{id}}: one task, its per-state counts and every target's state and result. */
public record TaskView(
        Instant generatedAt,
        boolean complete,
        long inputLagRecords,
        String taskId,
        String verb,
        String pattern,
        int targeted,
        String operator,
        Instant dispatchedAt,
        int pending,
        int done,
        int failed,
        int expired,
        int cancelled,
        List<Target> targets) implements Answer {

    /** One envoy's state of the task: pending, done, failed, expired or cancelled, with its result line. */
    public record Target(String hostname, TaskState state, String output, Instant updatedAt) {
    }
}
