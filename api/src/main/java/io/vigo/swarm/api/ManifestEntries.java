package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/swarm/filecast}: every manifest entry, active and revoked, by label then sha. */
public record ManifestEntries(Instant generatedAt, boolean complete, long inputLagRecords, List<Entry> entries) implements Answer {

    public record Entry(String sha, String label, String subsystem, long sizeBytes, String target, long retentionSeconds,
            EntryState state, String revokeReason, Instant publishedAt, Instant revokedAt, long seeders) {
    }
}
