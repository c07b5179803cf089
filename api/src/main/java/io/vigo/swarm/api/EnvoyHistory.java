package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/envoys/{host}/history?since=}: the envoy's changes in time order (SPEC §12).
 *
 * @param more changes not listed: beyond the first 50 of one millisecond (a large resync), only counted
 */
public record EnvoyHistory(Instant generatedAt, boolean complete, long inputLagRecords, String hostname, Instant since,
        List<Change> changes, long more) implements Answer {

    /**
     * One change. Kinds: {@code online}, {@code offline}, {@code decommissioned}; {@code tagged} and
     * {@code untagged} (subject the key, detail the value); {@code cached} (detail the size in bytes),
     * {@code evicted}, {@code download-started}, {@code download-finished}, {@code download-abandoned}
     * (subject the sha); {@code seed-announced}, {@code seed-refused}, {@code seed-allowed},
     * {@code seed-withdrawn}, {@code seed-active}, {@code seed-revoked}, {@code seed-gone} (subject the
     * sha, detail the label); {@code task-assigned}, {@code task-done}, {@code task-failed},
     * {@code task-expired}, {@code task-cancelled} (subject the task id, detail the result line).
     */
    public record Change(Instant at, String kind, String subject, String detail) {
    }
}
