package io.vigo.swarm.api;

import java.util.List;

/** {@code POST /api/v1/swarm/filecast/purge}: the revoked entries that were forgotten. */
public record PurgeResult(List<String> purged) {
}
