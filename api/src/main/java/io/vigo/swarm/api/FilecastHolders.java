package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/swarm/filecast/{sha}/holders}: every envoy that holds, downloads or seeds one blob. */
public record FilecastHolders(
        Instant generatedAt,
        boolean complete,
        long inputLagRecords,
        String sha,
        /* By hostname; an envoy that both seeds and caches the blob appears once per role. */
        List<Holder> holders) implements Answer {

    /**
     * One envoy's part: role "cached" or "downloading" (bytes = size or bytes so far), "seeding"
     * (an allowed seed) or "refused" (a seed from a host the allowlist does not name).
     */
    public record Holder(String hostname, String role, long bytes, EnvoyStatus status, String resolvedColor, boolean colorPinned) {
    }
}
