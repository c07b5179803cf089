package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/swarm/refused}: seeds announced by hosts the seeding allowlist does not admit. */
public record RefusedSeeds(Instant generatedAt, boolean complete, long inputLagRecords, List<RefusedSeed> seeds)
        implements Answer {

    public record RefusedSeed(String hostname, String sha, String label, String subsystem, long sizeBytes) {
    }
}
