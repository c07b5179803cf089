package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        List<PeerRow> rows,
        /* The moment an as-of page describes; absent from a live one. */
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf) implements Answer {
}
