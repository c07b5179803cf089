package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/envoys/{host}}: everything the views know of one envoy. */
public record EnvoyDetail(
        Instant generatedAt,
        boolean complete,
        long inputLagRecords,
        String hostname,
        EnvoyStatus status,
        Instant lastSeen,
        long intervalMs,
        String agentVersion,
        boolean swarmEnabled,
        /* Agent clock minus broker time at the latest check-in; positive when the agent runs ahead. */
        long clockSkewMs,
        boolean decommissioned,
        Substrate substrate,
        long seeding,
        long cached,
        long downloading,
        long footprintBytes,
        Map<String, String> tags,
        String resolvedColor,
        boolean colorPinned,
        /* Every seed the envoy announced; a refused one has allowed=false. */
        List<Seed> seeds,
        /* Seed files whose manifest the agent could not read. */
        List<SeedProblem> seedProblems,
        List<PendingTasks.Task> pendingTasks,
        /* Its peer records: cached blobs and downloads in progress, by sha. */
        List<Blob> blobs,
        /* Every task dispatched to it that the views still hold, newest first, whatever its state. */
        List<TaskRun> tasks,
        /* The moment an as-of answer describes; absent from a live one. */
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf) implements Answer {

    /** One task as this envoy ran it: state pending, done, failed, expired or cancelled, and its result line. */
    public record TaskRun(String taskId, String verb, TaskState state, Instant dispatchedAt, Instant expiresAt, String output) {
    }

    /** One peer record: state "cached" (bytes = size) or "downloading" (bytes so far). */
    public record Blob(String sha, String state, long bytes) {
    }

    /** A seed as announced; entryState is pending, active, revoked or gone. */
    public record Seed(String sha, String label, String subsystem, long sizeBytes, boolean allowed, EntryState entryState) {
    }

    public record SeedProblem(String path, String reason) {
    }
}
