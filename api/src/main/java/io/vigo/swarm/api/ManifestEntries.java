package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/swarm/filecast}: every manifest entry, active and revoked, by label then sha. */
public record ManifestEntries(Instant generatedAt, boolean complete, long inputLagRecords, List<Entry> entries) implements Answer {

    /** One entry; {@code asOf} only on {@code swarm/filecast/{sha}?at=}, the moment it describes. */
    public record Entry(String sha, String label, String subsystem, long sizeBytes, String target, long retentionSeconds,
            EntryState state, String revokeReason, Instant publishedAt, Instant revokedAt, long seeders,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf) {
    }
}
