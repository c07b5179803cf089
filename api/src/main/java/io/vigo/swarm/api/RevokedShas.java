package io.vigo.swarm.api;

import java.util.List;

/** {@code GET /api/v1/swarm/filecast/revoked}: the shas agents must evict; ETag / 304 like pending tasks. */
public record RevokedShas(List<String> shas) {
}
