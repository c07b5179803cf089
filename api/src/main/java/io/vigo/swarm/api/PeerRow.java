package io.vigo.swarm.api;

import java.time.Instant;

/** One envoy of the substrate population with its participation counts: a row of {@code swarm peers}. */
public record PeerRow(
        String hostname,
        EnvoyStatus status,
        Substrate substrate,
        long seeding,
        long cached,
        long downloading,
        long footprintBytes,
        Instant lastSeen,
        String resolvedColor,
        boolean colorPinned) {
}
