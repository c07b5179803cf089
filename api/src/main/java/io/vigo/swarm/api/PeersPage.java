package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/swarm/peers?sort=&limit=}: the first {@code limit} rows in {@code sort} order. */
public record PeersPage(
        Instant generatedAt,
        boolean complete,
        long inputLagRecords,
        PeerSort sort,
        int limit,
        /* Envoys of the substrate population, whatever the limit. */
        long total,
        List<PeerRow> rows) implements Answer {
}
