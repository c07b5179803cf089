package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/swarm/history?from&to&step}: the {@code swarm status} totals as a series, one
 * point per step from {@code from} to {@code to}, each exactly what {@code swarm/status?at=} answers
 * for its moment.
 */
public record SwarmHistory(Instant generatedAt, boolean complete, long inputLagRecords, Instant from, Instant to, long stepSeconds, List<Point> points)
        implements Answer {

    /** The totals as of {@code at}. */
    public record Point(Instant at, long envoysOnline, long envoysTotal, long substrateActive, long seedingEnvoys,
            long fleetFootprintBytes, long manifestActive, long manifestRevoked) {
    }
}
