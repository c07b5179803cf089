package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/envoys}: every envoy that has checked in, decommissioned ones included, by hostname. */
public record EnvoyList(Instant generatedAt, boolean complete, long inputLagRecords, List<EnvoyRow> envoys) implements Answer {

    public record EnvoyRow(String hostname, EnvoyStatus status, boolean decommissioned, boolean swarmEnabled,
            String agentVersion, Instant lastSeen, Map<String, String> tags, String resolvedColor, boolean colorPinned) {
    }
}
